using Lbdn.Tests.Generators.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace Lbdn.Tests.Generators;

/// <summary>
/// Property: over thousands of random declarations, no exception escapes the generator or the analyzer, every invalid
/// declaration gets an LBDN diagnostic, and every valid one's generated code compiles with no error.
/// </summary>
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

            var lbdn = AnalyzerRun.Diagnostics(compilation);
            Assert.True(lbdn.All(d => d.Id != "AD0001"), $"Case {i}: analyzer threw {string.Join("\n", lbdn)}\n{source}");
            var userErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(broken || userErrors.Count == 0, $"Case {i}: the unbroken declaration does not compile: {string.Join("\n", userErrors)}\n{source}");
            if (userErrors.Count > 0)
            {
                counts["broken"]++;
                continue;
            }

            var ids = lbdn.Select(d => d.Id).ToHashSet();
            Assert.True(mustReport.All(ids.Contains), $"Case {i}: expected {string.Join(", ", mustReport)}, got {string.Join(", ", ids)}\n{source}");
            if (result.GeneratedSources.Length == 0)
            {
                Assert.True(ids.Count > 0, $"Case {i}: nothing generated and nothing reported\n{source}");
                counts["diagnosed"]++;
                continue;
            }

            Assert.True(ids.Count == 0, $"Case {i}: generated despite {string.Join(", ", ids)}\n{source}");
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
}
