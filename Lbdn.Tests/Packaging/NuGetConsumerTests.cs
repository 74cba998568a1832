namespace Lbdn.Tests.Packaging;

/// <summary>A real pack / consume cycle: fresh console projects reference the packed Lbdn.Dsl and Lbdn.Runtime.</summary>
[Integration]
[Collection(PackageFeedCollection.Name)]
public sealed class NuGetConsumerTests(PackageFeed feed)
{
    [Fact]
    public void The_packages_carry_the_generator_and_the_native_fix()
    {
        using var dsl = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed.Feed, ToolkitVersion.Package("Lbdn.Dsl")));
        using var runtime = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed.Feed, ToolkitVersion.Package("Lbdn.Runtime")));
        var dslEntries = dsl.Entries.Select(e => e.FullName).ToList();
        var runtimeEntries = runtime.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("lib/netstandard2.0/Lbdn.Dsl.dll", dslEntries);
        Assert.Contains("analyzers/dotnet/cs/Lbdn.Generators.dll", dslEntries);
        // The generator reads the DSL's names, defaults and rules, so the compiler loads Lbdn.Dsl.dll beside it.
        Assert.Contains("analyzers/dotnet/cs/Lbdn.Dsl.dll", dslEntries);
        Assert.Contains("buildTransitive/Lbdn.Runtime.targets", runtimeEntries);
        Assert.Contains("buildTransitive/ElfVersionPatch.cs", runtimeEntries);
        Assert.Contains("lib/net10.0/Lbdn.Runtime.dll", runtimeEntries);
    }

    [Theory]
    [InlineData("Lbdn.Training")]
    [InlineData("Lbdn.Data")]
    public void The_training_and_data_packages_depend_on_the_runtime_for_the_native_fix(string id)
    {
        using var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed.Feed, ToolkitVersion.Package(id)));
        using var nuspec = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var dependencies = System.Xml.Linq.XDocument.Parse(nuspec.ReadToEnd()).Descendants()
            .Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")?.Value).ToList();

        Assert.Contains($"lib/net10.0/{id}.dll", package.Entries.Select(e => e.FullName));
        Assert.Contains("Lbdn.Runtime", dependencies);
        Assert.DoesNotContain(package.Entries, e => e.FullName.StartsWith("build", StringComparison.Ordinal));
    }

    [Fact]
    public void A_console_project_referencing_only_Lbdn_Training_and_Lbdn_Data_loads_and_trains_from_the_packages()
    {
        var project = feed.CreateConsumer("Trainer", """
            using Lbdn.Data;
            using Lbdn.Layers;
            using Lbdn.Training;

            // four 2x2 images and their labels as IDX files (magic 00 00 08 rank, big-endian sizes, bytes)
            File.WriteAllBytes("images.idx", [0, 0, 8, 3, 0, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0, 2, .. Enumerable.Range(0, 16).Select(i => (byte)(i * 16))]);
            File.WriteAllBytes("labels.idx", [0, 0, 8, 1, 0, 0, 0, 4, 0, 1, 0, 1]);
            using var data = Dataset.FromIdxFiles("images.idx", "labels.idx", flatten: true);
            using var network = new LipschitzSequential([4], new SandwichLayer(4, 8), new SandwichLinear(8, 2));
            using var trainer = new Trainer(network, new TrainingOptions { Epochs = 2, BatchSize = 2 });
            var history = trainer.Fit(data.Images, data.Labels);
            Console.WriteLine($"images={string.Join("x", data.Images.shape)} epochs={history.Count} finite={double.IsFinite(history[^1].TrainLoss)}");
            """, "Lbdn.Training", "Lbdn.Data");

        var (exitCode, output) = DotnetCli.Run(project, "run", "-c", "Release");

        Assert.True(exitCode == 0, output);
        Assert.Contains("images=4x4 epochs=2 finite=True", output);
    }

    [Fact]
    public void A_fresh_console_project_runs_TorchSharp_and_a_Lipschitz_network_from_the_packages()
    {
        var project = feed.CreateConsumer("Consumer", """
            using Lbdn;
            using Lbdn.Layers;
            using TorchSharp;

            Console.WriteLine($"sum={torch.ones(3).sum().item<float>()}");
            var network = new LipschitzSequential([4], new SandwichLayer(4, 8), new SandwichLinear(8, 2));
            Console.WriteLine($"shape={string.Join("x", network.call(torch.rand(5, 4)).shape)} bound={network.LipschitzBound}");
            using var generated = new Classifier(seed: 1);
            using var logits = generated.call(torch.rand(3, 4));
            Console.WriteLine($"generated={string.Join("x", logits.shape)} const={Classifier.LipschitzBound} layers={Classifier.Description.Count}");
            using var frozen = generated.Freeze();
            Console.WriteLine($"frozen={(frozen.call(torch.ones(1, 4)) - generated.call(torch.ones(1, 4))).abs().max().item<float>() < 1e-5}");

            [LipschitzNet(gamma: 2.0)]
            [Input(4)]
            [Sandwich(8)]
            [SandwichLinear(2)]
            public partial class Classifier;
            """);

        var (exitCode, output) = DotnetCli.Run(project, "run", "-c", "Release");

        Assert.True(exitCode == 0, output);
        Assert.Contains("sum=3", output);
        Assert.Contains("shape=5x2 bound=1", output);
        Assert.Contains("generated=3x2 const=2 layers=4", output);
        Assert.Contains("frozen=True", output);

        var published = Path.Combine(project, "published");
        var (publishExit, publishOutput) = DotnetCli.Run(project, "publish", "-c", "Release", "-o", published);
        Assert.True(publishExit == 0, publishOutput);
        var (runExit, runOutput) = DotnetCli.Run(published, "Consumer.dll");
        Assert.True(runExit == 0, runOutput);
        Assert.Contains("sum=3", runOutput);
    }

    [Fact]
    public void A_project_referencing_only_Lbdn_Dsl_gets_LBDN012_and_no_error_inside_generated_code()
    {
        var project = feed.CreateConsumer("DslOnly", """
            using Lbdn;

            Console.WriteLine("unreachable");

            [LipschitzNet(1.0)]
            [Input(4)]
            [SandwichLinear(2)]
            public partial class Net;
            """, "Lbdn.Dsl");

        var (exitCode, output) = DotnetCli.Run(project, "build", "-c", "Release");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error LBDN012", output);
        Assert.DoesNotContain("error CS", output);
    }

    [Fact]
    public void A_consumer_build_reports_LBDN_errors_on_the_offending_argument()
    {
        var project = feed.CreateConsumer("Invalid", """
            using Lbdn;

            Console.WriteLine("unreachable");

            [LipschitzNet(gamma: 1.0, AutoScale = false)]
            [Input(4)]
            [Sandwich(8)]
            [Scale(3.0)]
            [SandwichLinear(2)]
            public partial class TooSteep;

            [LipschitzNet(gamma: 1.0)]
            [Input(4)]
            [SandwichLinear(2)]
            public class NotPartial;
            """);

        var (exitCode, output) = DotnetCli.Run(project, "build", "-c", "Release");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error LBDN003", output);
        Assert.Contains("1 x 3 x 1 = 3 > 1", output);
        Assert.Contains("error LBDN001", output);
    }
}
