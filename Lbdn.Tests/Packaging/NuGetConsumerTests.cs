namespace Lbdn.Tests.Packaging;

/// <summary>A real pack / consume cycle: fresh console projects reference the packed Lbdn.Dsl and Lbdn.Runtime.</summary>
public sealed class NuGetConsumerTests(PackageFeed feed) : IClassFixture<PackageFeed>
{
    [Fact]
    public void The_packages_carry_the_generator_and_the_native_fix()
    {
        using var dsl = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed.Feed, "Lbdn.Dsl.0.1.0.nupkg"));
        using var runtime = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed.Feed, "Lbdn.Runtime.0.1.0.nupkg"));
        var dslEntries = dsl.Entries.Select(e => e.FullName).ToList();
        var runtimeEntries = runtime.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("lib/netstandard2.0/Lbdn.Dsl.dll", dslEntries);
        Assert.Contains("analyzers/dotnet/cs/Lbdn.Generators.dll", dslEntries);
        Assert.Contains("buildTransitive/Lbdn.Runtime.targets", runtimeEntries);
        Assert.Contains("buildTransitive/ElfVersionPatch.cs", runtimeEntries);
        Assert.Contains("lib/net10.0/Lbdn.Runtime.dll", runtimeEntries);
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
            Console.WriteLine($"declared={typeof(Classifier).GetCustomAttributes(typeof(LipschitzNetAttribute), false).Length}");

            [LipschitzNet(gamma: 1.0)]
            [Input(4)]
            [Sandwich(8)]
            [SandwichLinear(2)]
            public partial class Classifier;
            """);

        var (exitCode, output) = DotnetCli.Run(project, "run", "-c", "Release");

        Assert.True(exitCode == 0, output);
        Assert.Contains("sum=3", output);
        Assert.Contains("shape=5x2 bound=1", output);
        Assert.Contains("declared=1", output);

        var published = Path.Combine(project, "published");
        var (publishExit, publishOutput) = DotnetCli.Run(project, "publish", "-c", "Release", "-o", published);
        Assert.True(publishExit == 0, publishOutput);
        var (runExit, runOutput) = DotnetCli.Run(published, "Consumer.dll");
        Assert.True(runExit == 0, runOutput);
        Assert.Contains("sum=3", runOutput);
    }
}
