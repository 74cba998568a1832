using System.Collections.Immutable;
using Lbdn.Generators.Diagnostics;
using Lbdn.Tests.Generators.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lbdn.Tests.Generators;

/// <summary>
/// Property: over thousands of random declarations, no exception escapes the generator or the analyzer, every invalid
/// declaration gets an LBDN diagnostic, and every valid one's generated code compiles with no error.
/// </summary>
[Integration]
public sealed class RobustnessTests(ITestOutputHelper output)
{
    private const int Cases = 2000;

    [Fact]
    public void Random_declarations_are_either_generated_and_compiling_or_diagnosed()
    {
        var networks = new RandomNetworks(seed: 20261123);
        var counts = new Dictionary<string, int> { ["generated"] = 0, ["diagnosed"] = 0, ["broken"] = 0 };
        for (var i = 0; i < Cases; i++)
        {
            var (source, broken, mustReport) = networks.Next();
            var compilation = TestCompilation.Create(source);
            var run = GeneratorRun.Of(compilation);
            var result = Assert.Single(run.Result.Results);
            Assert.True(result.Exception is null, $"Case {i}: generator threw {result.Exception}\n{source}");
            Assert.DoesNotContain(run.DriverDiagnostics, d => d.Id == "CS8785");

            var lbdn = AnalyzerDiagnostics(compilation);
            Assert.True(lbdn.All(d => d.Id != "AD0001"), $"Case {i}: analyzer threw {string.Join("\n", lbdn)}\n{source}");
            var userErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(broken || userErrors.Count == 0, $"Case {i}: the unbroken declaration does not compile: {string.Join("\n", userErrors)}\n{source}");
            if (userErrors.Count > 0)
            {
                counts["broken"]++;
                continue;
            }

            var ids = lbdn.Select(d => d.Id).ToHashSet();
            // Warnings (a user layer that cannot be certified) leave the network generated; errors stop it.
            var errorIds = lbdn.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToHashSet();
            Assert.True(mustReport.All(ids.Contains), $"Case {i}: expected {string.Join(", ", mustReport)}, got {string.Join(", ", ids)}\n{source}");
            if (result.GeneratedSources.Length == 0)
            {
                Assert.True(errorIds.Count > 0, $"Case {i}: nothing generated and no error reported\n{source}");
                counts["diagnosed"]++;
                continue;
            }

            Assert.True(errorIds.Count == 0, $"Case {i}: generated despite {string.Join(", ", errorIds)}\n{source}");
            var generated = Assert.Single(result.GeneratedSources).SyntaxTree;
            var errors = run.Output.GetSemanticModel(run.Output.SyntaxTrees.Single(t => t.FilePath == generated.FilePath))
                .GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, $"Case {i}: generated code has errors {string.Join("\n", errors)}\n{source}\n{generated}");
            counts["generated"]++;
        }

        output.WriteLine(string.Join(", ", counts));

        // The generator must exercise every outcome, or the property says little.
        Assert.All(counts, pair => Assert.True(pair.Value >= Cases / 20, $"Only {pair.Value} {pair.Key} cases: {string.Join(", ", counts)}"));
    }

    // The LBDN diagnostics and analyzer failures (AD0001) of a compilation: the property needs them all, not a markup comparison.
    private static ImmutableArray<Diagnostic> AnalyzerDiagnostics(Compilation compilation)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        var diagnostics = compilation.WithAnalyzers([new LipschitzNetAnalyzer()], options).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        return diagnostics.Where(d => d.Id.StartsWith("LBDN", StringComparison.Ordinal) || d.Id == "AD0001").ToImmutableArray();
    }

    [Fact]
    public void Valid_random_networks_construct_and_run_with_the_described_output_shape()
    {
        var networks = new RandomNetworks(seed: 7);
        var ran = 0;
        for (var i = 0; i < 400; i++)
        {
            var (source, _, _) = networks.Next();
            var run = GeneratorRun.Of(source);
            if (run.Result.Results[0].GeneratedSources.Length == 0 || run.Errors().Length > 0)
            {
                continue;
            }

            var network = GeneratedAssembly.Load(run.Output).GetTypes().Single(t => t.Name == "Net");
            using var module = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(network, [null, ScalarType.Float32, 1L])!;
            var lipschitz = (ILipschitzNetwork)module;
            using var input = randn([2, .. lipschitz.InputShape]);
            using var output = module.forward(input);

            var description = (IReadOnlyList<LayerDescription>)network.GetProperty("Description")!.GetValue(null)!;
            var expected = description.Count > 0 ? description[^1].OutputShape : lipschitz.InputShape;
            Assert.True(output.shape.Skip(1).SequenceEqual(expected), $"Case {i}: output [{string.Join(", ", output.shape)}], described [{string.Join(", ", expected)}]\n{source}");
            Assert.Equal(description.Count, lipschitz.Stages.Count);
            foreach (var (stage, described) in lipschitz.Stages.Zip(description))
            {
                // Runtime layers state their bound; user modules state it with [LipschitzBound] only.
                if (stage is ILipschitzModule bounded)
                {
                    Assert.Equal(described.Bound, bounded.LipschitzBound, 12);
                }
            }

            ran++;
        }

        output.WriteLine($"{ran} networks constructed and run");
        Assert.True(ran >= 100, $"Only {ran} valid networks ran.");
    }
}
