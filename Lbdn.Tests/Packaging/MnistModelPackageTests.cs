using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;
using Lbdn.Data;

namespace Lbdn.Tests.Packaging;

/// <summary>The sample model package: packed with its weights, depending on the Lbdn packages, and accurate in a fresh consumer.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class MnistModelPackageTests(PackageFeed feed)
{
    private const int Images = 100;

    [Fact]
    public void The_package_depends_on_the_Lbdn_packages_and_not_on_the_generator()
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed.Feed, "Lbdn.Samples.MnistModel.0.1.0.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        using var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var dependencies = XDocument.Load(nuspec).Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => e.Attribute("id")!.Value).ToHashSet();

        Assert.Contains("lib/net10.0/Lbdn.Samples.MnistModel.dll", entries);
        Assert.Equal(["Lbdn.Dsl", "Lbdn.Runtime"], dependencies.Order());
    }

    [Fact]
    public void A_fresh_project_classifies_MNIST_test_images_with_certified_radii_from_the_package()
    {
        var project = feed.CreateConsumer("MnistConsumer", """
            using System.Globalization;
            using Lbdn.Samples;

            using var model = MnistModel.Load();
            var pixels = File.ReadAllBytes("images.bin");
            for (var n = 0; n < pixels.Length / MnistModel.Pixels; n++)
            {
                var image = pixels.AsSpan(n * MnistModel.Pixels, MnistModel.Pixels).ToArray().Select(p => p / 255f).ToArray();
                var p = model.Predict(image);
                var consistent = Math.Abs(p.CertifiedRadius - p.Margin / (Math.Sqrt(2) * p.LipschitzBound)) < 1e-12 && p.Margin >= 0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Label} {p.CertifiedRadius} {p.LipschitzBound} {consistent}"));
            }
            """, "Lbdn.Samples.MnistModel");
        var labels = WriteTestImages(Path.Combine(project, "images.bin"));

        var (exitCode, output) = DotnetCli.Run(project, "run", "-c", "Release");

        Assert.True(exitCode == 0, output);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')).Where(parts => parts.Length == 4).ToList();
        Assert.Equal(Images, rows.Count);
        var correct = rows.Zip(labels).Count(pair => int.Parse(pair.First[0], CultureInfo.InvariantCulture) == pair.Second);
        Assert.True(correct >= 90, $"{correct} of {Images} test images classified correctly.\n{output}");
        Assert.All(rows, row => Assert.Equal(["1", "True"], [row[2], row[3]]));
        Assert.Contains(rows, row => double.Parse(row[1], CultureInfo.InvariantCulture) > 0.5);
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
