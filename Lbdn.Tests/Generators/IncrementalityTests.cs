using Lbdn.Generators;
using Lbdn.Tests.Generators.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Lbdn.Tests.Generators;

/// <summary>The pipeline caches across edits that do not change a network and holds no compilation objects.</summary>
public sealed class IncrementalityTests
{
    private const string Network = """
        using Lbdn;

        namespace Demo;

        [LipschitzNet(gamma: 1.0)]
        [Input(784)]
        [Sandwich(190)]
        [Sandwich(128)]
        [SandwichLinear(10)]
        public partial class MnistClassifier;
        """;

    private const string Unrelated = """
        namespace Demo;

        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    private static readonly string[] StepNames = IncrementalAssert.StepNames;

    [Fact]
    public void Unrelated_edit_leaves_every_step_cached()
    {
        var (_, second) = RunTwice(Unrelated, Unrelated.Replace("2 * x", "x + x"));

        AssertAllSteps(second, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.All(second.Results[0].TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Added_comment_in_the_network_file_leaves_every_step_cached_or_unchanged()
    {
        var (_, second) = RunTwice(Unrelated, Unrelated, Network.Replace("[Input(784)]", "// the MNIST pixels\n[Input(784)]"));

        AssertAllSteps(second, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Gamma_change_modifies_the_model_and_the_output()
    {
        var (_, second) = RunTwice(Unrelated, Unrelated, Network.Replace("gamma: 1.0", "gamma: 2.0"));

        var networks = second.Results[0].TrackedSteps[TrackingNames.Networks];
        Assert.Contains(networks.SelectMany(s => s.Outputs), output => output.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("LipschitzBound = 2.0", second.Results[0].GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Bound_change_on_a_user_module_in_another_file_reaches_the_output()
    {
        const string network = """
            using Lbdn;

            [LipschitzNet(1.0, AutoScale = false)]
            [Input(4)]
            [Layer(typeof(Shrink), OutputShape = [4])]
            public partial class Net;
            """;
        const string module = """
            using Lbdn;
            using static TorchSharp.torch;

            [LipschitzBound(0.5)]
            public sealed class Shrink() : nn.Module<Tensor, Tensor>("shrink")
            {
                public override Tensor forward(Tensor input) => input * 0.5;
            }
            """;
        var compilation = TestCompilation.Create(network, module);
        GeneratorDriver driver = GeneratorRun.CreateDriver().RunGenerators(compilation);
        var moduleTree = compilation.SyntaxTrees.ElementAt(1);
        var edited = compilation.ReplaceSyntaxTree(
            moduleTree, CSharpSyntaxTree.ParseText(module.Replace("0.5)", "0.25)"), TestCompilation.ParseOptions, moduleTree.FilePath));

        var second = driver.RunGenerators(edited).GetRunResult();

        Assert.Contains("LipschitzBound = 0.25;", second.Results[0].GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void Pipeline_values_hold_no_symbols_syntax_locations_or_compilations()
    {
        var (first, _) = RunTwice(Unrelated, Unrelated);

        foreach (var name in StepNames)
        {
            foreach (var output in first.Results[0].TrackedSteps[name].SelectMany(s => s.Outputs))
            {
                IncrementalAssert.AssertHoldsNoCompilationObjects(output.Value);
            }
        }
    }

    [Fact]
    public void Model_graph_walk_detects_a_symbol_inside_a_record()
    {
        var symbol = TestCompilation.Create(Unrelated).GetTypeByMetadataName("Demo.Helpers");

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
            IncrementalAssert.AssertHoldsNoCompilationObjects(new KeyValuePair<string, object?>("x", new[] { symbol })));
    }

    private static (GeneratorDriverRunResult First, GeneratorDriverRunResult Second) RunTwice(
        string unrelated, string editedUnrelated, string? editedNetwork = null)
    {
        var compilation = TestCompilation.Create(Network, unrelated);
        GeneratorDriver driver = GeneratorRun.CreateDriver();
        driver = driver.RunGenerators(compilation);
        var first = driver.GetRunResult();
        Assert.Single(first.Results[0].GeneratedSources);

        var trees = compilation.SyntaxTrees.ToList();
        var edited = compilation
            .ReplaceSyntaxTree(trees[0], CSharpSyntaxTree.ParseText(editedNetwork ?? Network, TestCompilation.ParseOptions, trees[0].FilePath))
            .ReplaceSyntaxTree(trees[1], CSharpSyntaxTree.ParseText(editedUnrelated, TestCompilation.ParseOptions, trees[1].FilePath));
        driver = driver.RunGenerators(edited);
        return (first, driver.GetRunResult());
    }

    private static void AssertAllSteps(GeneratorDriverRunResult run, params IncrementalStepRunReason[] allowed)
    {
        var steps = run.Results[0].TrackedSteps;
        foreach (var name in StepNames)
        {
            Assert.True(steps.ContainsKey(name), $"Step {name} was not tracked.");
            Assert.All(steps[name].SelectMany(s => s.Outputs), output => Assert.Contains(output.Reason, allowed));
        }
    }
}
