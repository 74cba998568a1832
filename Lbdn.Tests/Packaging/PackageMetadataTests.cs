using System.IO.Compression;
using System.Xml.Linq;

namespace Lbdn.Tests.Packaging;

/// <summary>Every packed package carries a readme, search tags and no placeholder address.</summary>
[Integration]
[Collection(PackageFeedCollection.Name)]
public sealed class PackageMetadataTests(PackageFeed feed)
{
    [Theory]
    [InlineData("Lbdn.Dsl")]
    [InlineData("Lbdn.Runtime")]
    [InlineData("Lbdn.Inference")]
    [InlineData("Lbdn.Training")]
    [InlineData("Lbdn.Data")]
    public void The_package_has_a_readme_tags_and_no_placeholder(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed.Feed, ToolkitVersion.Package(id)));
        var entry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        string nuspecText;
        using (var reader = new StreamReader(entry.Open()))
        {
            nuspecText = reader.ReadToEnd();
        }

        var metadata = XDocument.Parse(nuspecText).Descendants().Where(e => e.Name.LocalName is "readme" or "tags")
            .ToDictionary(e => e.Name.LocalName, e => e.Value);
        Assert.Equal("README.md", metadata["readme"]);
        Assert.Contains(package.Entries, e => e.FullName == "README.md");
        Assert.Superset(new HashSet<string> { "lipschitz", "certified-robustness", "torchsharp" }, metadata["tags"].Split(' ').ToHashSet());
        Assert.DoesNotContain("example.invalid", nuspecText);
        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        Assert.Contains("```csharp", readme.ReadToEnd());
    }

    [Fact]
    public void The_analyzer_package_carries_the_diagnostics_reference_and_the_runtime_no_patched_copy()
    {
        using var dsl = ZipFile.OpenRead(Path.Combine(feed.Feed, ToolkitVersion.Package("Lbdn.Dsl")));
        using var runtime = ZipFile.OpenRead(Path.Combine(feed.Feed, ToolkitVersion.Package("Lbdn.Runtime")));
        using var reference = new StreamReader(dsl.GetEntry("docs/diagnostics.md")!.Open());

        Assert.Contains("## LBDN013", reference.ReadToEnd());
        Assert.DoesNotContain(runtime.Entries, e => e.Name.EndsWith(".so", StringComparison.Ordinal));
        using var nuspec = new StreamReader(dsl.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        Assert.Contains("source-generator", nuspec.ReadToEnd());
    }
}
