using Lbdn.Tests.Packaging;

namespace Lbdn.Tests.Build;

/// <summary>
/// A console project outside the repository that references Lbdn.Training, Lbdn.Data, Lbdn.Dsl and the generator by
/// ProjectReference (so no Directory.Build.targets and no buildTransitive/ reach it, and Lbdn.Runtime only transitively)
/// loads TorchSharp from its bin and publish folders.
/// </summary>
[Integration]
public sealed class ProjectReferenceConsumerTests : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("lbdn-projref-");

    [Fact]
    public void A_project_outside_the_repository_runs_TorchSharp_from_build_and_publish_output()
    {
        var repository = DotnetCli.RepositoryRoot();
        var project = Path.Combine(root.FullName, "Consumer");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(repository, "Lbdn.Training", "Lbdn.Training.csproj")}" />
                <ProjectReference Include="{Path.Combine(repository, "Lbdn.Data", "Lbdn.Data.csproj")}" />
                <ProjectReference Include="{Path.Combine(repository, "Lbdn.Dsl", "Lbdn.Dsl.csproj")}" />
                <ProjectReference Include="{Path.Combine(repository, "Lbdn.Generators", "Lbdn.Generators.csproj")}"
                                  OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Lbdn;
            using TorchSharp;

            Console.WriteLine($"ones={torch.ones(2).sum().item<float>()}");
            using var network = new Net(seed: 1);
            Console.WriteLine($"logits={string.Join("x", network.call(torch.rand(3, 4)).shape)}");
            using var trainer = new Lbdn.Training.Trainer(network, new Lbdn.Training.TrainingOptions { Epochs = 1, BatchSize = 2 });
            Console.WriteLine($"epochs={trainer.Fit(torch.rand(4, 4), torch.tensor(new long[] { 0, 1, 0, 1 })).Count}");
            Console.WriteLine($"data={Lbdn.Data.DatasetCatalog.Mnist.Name}");

            [LipschitzNet(1.0)]
            [Input(4)]
            [Sandwich(8)]
            [SandwichLinear(2)]
            public partial class Net;
            """);
        // The referenced projects build into this folder too, so the repository's own bin and obj are left alone.
        var artifacts = Path.Combine(root.FullName, "artifacts");

        var (buildExit, buildOutput) = DotnetCli.Run(project, "build", "-c", "Release", "--artifacts-path", artifacts);
        Assert.True(buildExit == 0, buildOutput);
        var built = Path.Combine(artifacts, "bin", "Consumer", "release");
        var (runExit, runOutput) = DotnetCli.Run(built, "Consumer.dll");
        Assert.True(runExit == 0, runOutput);
        Assert.Contains("ones=2", runOutput);
        Assert.Contains("logits=3x2", runOutput);
        Assert.Contains("epochs=1", runOutput);
        Assert.Contains("data=Mnist", runOutput);

        // Portable output keeps TorchSharp's native libraries in runtimes/linux-x64/native/, RID-specific output at the root.
        foreach (var runtime in new[] { "portable", "linux-x64" })
        {
            var published = Path.Combine(root.FullName, "published-" + runtime);
            string[] rid = runtime == "portable" ? [] : ["-r", runtime, "--self-contained", "false"];
            var (publishExit, publishOutput) = DotnetCli.Run(
                project, ["publish", "-c", "Release", "--artifacts-path", artifacts, "-o", published, .. rid]);
            Assert.True(publishExit == 0, publishOutput);
            var (publishedExit, publishedOutput) = DotnetCli.Run(published, "Consumer.dll");
            Assert.True(publishedExit == 0, publishedOutput);
            Assert.Contains("ones=2", publishedOutput);
        }
    }

    public void Dispose() => root.Delete(recursive: true);
}
