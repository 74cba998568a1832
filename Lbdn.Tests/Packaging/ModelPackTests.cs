using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using Lbdn.Data;
using Xunit.Abstractions;

namespace Lbdn.Tests.Packaging;

/// <summary>
/// <c>lbdn pack</c> end to end: the checked-in samples/MnistModel is exactly its output, the package depends on
/// Lbdn.Inference only, and a fresh console app restores it from the local feed, classifies MNIST test images with
/// certified radii and publishes without any TorchSharp or libtorch file.
/// </summary>
[Integration]
public sealed class ModelPackTests(PackedMnistModel packed, ITestOutputHelper log) : IClassFixture<PackedMnistModel>
{
    private const int Images = 200;

    /// <summary>The issue's target for a framework-dependent linux-x64 publish of a consumer app.</summary>
    private const long MaxPublishBytes = 5_000_000;

    private static readonly string[] Wiring = ["Directory.Build.targets", "Directory.Packages.props", "regenerate.sh"];

    [Fact]
    public void The_checked_in_sample_is_the_output_of_lbdn_pack()
    {
        Assert.True(packed.ExitCode == 0, packed.Error);
        var generated = Files(packed.Project);
        var checkedIn = Files(packed.Sample).Where(f => !Wiring.Contains(f)).ToList();

        Assert.Equal(["Lbdn.Samples.MnistModel.csproj", "MnistModel.cs", "README.md", "Weights/model.safetensors"], generated);
        Assert.Equal(generated, checkedIn);
        Assert.All(generated, file => Assert.True(
            File.ReadAllBytes(Path.Combine(packed.Project, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(packed.Sample, file))),
            $"samples/MnistModel/{file} differs from what lbdn pack generates; run samples/MnistModel/regenerate.sh."));
    }

    [Fact]
    public void The_package_depends_on_Lbdn_Inference_only_and_ships_weights_docs_and_the_certified_table()
    {
        Assert.True(packed.ExitCode == 0, packed.Error);
        using var package = ZipFile.OpenRead(Path.Combine(packed.Feed, $"{PackedMnistModel.Id}.{PackedMnistModel.Version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        using var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => e.Attribute("id")!.Value).ToList();
        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        var text = readme.ReadToEnd();

        Assert.Equal(["Lbdn.Inference"], dependencies);
        Assert.Contains("lib/net10.0/Lbdn.Samples.MnistModel.dll", entries);
        Assert.Contains("lib/net10.0/Lbdn.Samples.MnistModel.xml", entries);
        Assert.True(File.Exists(Path.Combine(packed.Feed, ToolkitVersion.Package("Lbdn.Inference"))), "lbdn pack copies the Lbdn.Inference package into --out.");
        Assert.Contains("proven* to be L = 1", text);
        Assert.Contains("| eps (l2) | clean | certified (global) | certified (local) | PGD |", text);
        Assert.Contains("| 1.58 |", text);
        Assert.Contains(DatasetCatalog.Mnist.TestImages.Sha256, text);
    }

    [Fact]
    public void A_fresh_console_app_restores_the_package_classifies_MNIST_and_publishes_without_TorchSharp()
    {
        Assert.True(packed.ExitCode == 0, packed.Error);
        var app = CreateConsumer("""
            using System.Globalization;
            using Lbdn.Samples.MnistModel;

            var model = MnistModel.Load();
            var pixels = File.ReadAllBytes(args[0]).Select(p => p / 255f).ToArray();
            var count = pixels.Length / MnistModel.InputLength;
            var batch = model.PredictBatch(pixels, count);
            for (var n = 0; n < count; n++)
            {
                var p = model.Predict(pixels.AsSpan(n * MnistModel.InputLength, MnistModel.InputLength));
                var sound = p.CertifiedRadius >= 0 && p.CertifiedRadius <= p.Margin / (Math.Sqrt(2) * model.LipschitzBound) && p.Margin >= 0;
                var same = batch[n].Label == p.Label && Math.Abs(batch[n].CertifiedRadius - p.CertifiedRadius) <= 1e-9 * Math.Max(1, p.CertifiedRadius);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Label} {p.CertifiedRadius} {sound} {same}"));
            }

            Console.WriteLine($"shape={string.Join("x", model.InputShape)},bound={model.LipschitzBound}");
            """);
        var labels = WriteTestImages(Path.Combine(app, "images.bin"));

        var (runExit, output) = DotnetCli.Run(app, "run", "-c", "Release", "--", Path.Combine(app, "images.bin"));
        var published = Path.Combine(app, "published");
        var (publishExit, publishOutput) = DotnetCli.Run(app, "publish", "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", published);

        Assert.True(runExit == 0, output);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')).Where(parts => parts.Length == 4).ToList();
        Assert.Equal(Images, rows.Count);
        var correct = rows.Zip(labels).Count(pair => int.Parse(pair.First[0], CultureInfo.InvariantCulture) == pair.Second);
        Assert.True(correct >= 0.95 * Images, $"{correct} of {Images} test images classified correctly.\n{output}");
        Assert.All(rows, row => Assert.Equal(["True", "True"], row[2..]));
        Assert.Contains(rows, row => double.Parse(row[1], CultureInfo.InvariantCulture) > 0.5);
        Assert.Contains("shape=784,bound=1", output);

        Assert.True(publishExit == 0, publishOutput);
        var files = Directory.GetFiles(published, "*", SearchOption.AllDirectories);
        var size = files.Sum(f => new FileInfo(f).Length);
        log.WriteLine($"framework-dependent linux-x64 publish: {size} bytes in {files.Length} files: {string.Join(", ", files.Select(Path.GetFileName).Order())}");
        Assert.DoesNotContain(files, f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("TorchSharp", File.ReadAllText(Path.Combine(published, "Consumer.deps.json")));
        Assert.DoesNotContain("Lbdn.Runtime", File.ReadAllText(Path.Combine(published, "Consumer.deps.json")));
        Assert.InRange(size, 1, MaxPublishBytes);
        var (publishedExit, publishedOutput) = DotnetCli.Run(published, "Consumer.dll", Path.Combine(app, "images.bin"));
        Assert.True(publishedExit == 0, publishedOutput);
        Assert.Contains("shape=784,bound=1", publishedOutput);
    }

    private static List<string> Files(string folder) =>
        [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    // A console project that references the model package by version from the --out feed only (plus the configured registry
    // for Lbdn.Inference's own dependencies), restoring into its own packages folder so no cached copy stands in.
    private string CreateConsumer(string program)
    {
        var directory = Path.Combine(packed.Root, "Consumer");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RestorePackagesPath>{Path.Combine(packed.Root, "packages")}</RestorePackagesPath>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackedMnistModel.Id}" Version="{PackedMnistModel.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="lbdn-pack-output" value="{packed.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        return directory;
    }

    // The first images of the MNIST test split as bytes (pixel * 255), loaded in this process with Lbdn.Data.
    private static long[] WriteTestImages(string path)
    {
        using var test = Dataset.Load(DatasetName.Mnist, DatasetSplit.Test, flatten: true);
        using var images = test.Images.narrow(0, 0, Images);
        using var bytes = (images * 255).round().to_type(torch.ScalarType.Byte);
        File.WriteAllBytes(path, bytes.data<byte>().ToArray());
        using var labels = test.Labels.narrow(0, 0, Images);
        return labels.data<long>().ToArray();
    }
}
