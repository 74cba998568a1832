using System.Collections.Immutable;
using Lbdn.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>Runs <see cref="LipschitzNetGenerator"/> over a compilation.</summary>
internal sealed record GeneratorRun(GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> DriverDiagnostics)
{
    /// <summary>Runs the generator on <paramref name="compilation"/>, after asserting its incrementality there (<see cref="IncrementalAssert"/>).</summary>
    public static GeneratorRun Of(Compilation compilation)
    {
        IncrementalAssert.CachedOnRerun(compilation);
        GeneratorDriver driver = CreateDriver();
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return new GeneratorRun(driver.GetRunResult(), output, diagnostics);
    }

    public static GeneratorRun Of(params string[] sources) => Of(TestCompilation.Create(sources));

    public static CSharpGeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        [new LipschitzNetGenerator().AsSourceGenerator()],
        parseOptions: TestCompilation.ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>The one generated source; fails when there is not exactly one.</summary>
    public string SingleSource() => Assert.Single(Assert.Single(Result.Results).GeneratedSources).SourceText.ToString();

    /// <summary>Errors of the output compilation, generated code included.</summary>
    public ImmutableArray<Diagnostic> Errors() =>
        Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
}
