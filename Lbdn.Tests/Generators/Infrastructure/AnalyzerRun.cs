using System.Collections.Immutable;
using Lbdn.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>Runs <see cref="LipschitzNetAnalyzer"/> and compares its diagnostics with markup expectations.</summary>
internal static class AnalyzerRun
{
    public static ImmutableArray<Diagnostic> Diagnostics(Compilation compilation)
    {
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new LipschitzNetAnalyzer());
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
        var diagnostics = compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        return diagnostics.Where(d => d.Id.StartsWith("LBDN", StringComparison.Ordinal) || d.Id == "AD0001").ToImmutableArray();
    }

    /// <summary>Asserts the analyzer reports exactly the markup's diagnostics, and returns them.</summary>
    public static ImmutableArray<Diagnostic> Verify(string markup)
    {
        var parsed = Markup.Parse(markup);
        var diagnostics = Diagnostics(TestCompilation.Create(parsed.Source));
        var actual = diagnostics
            .Select(d => (d.Id, d.Location.SourceSpan, Text: parsed.Source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)))
            .OrderBy(d => d.SourceSpan.Start).ThenBy(d => d.Id)
            .Select(d => $"{d.Id} at {d.SourceSpan.Start}: '{d.Text}'")
            .ToList();
        var expected = parsed.Expected
            .OrderBy(e => e.Span.Start).ThenBy(e => e.Id)
            .Select(e => $"{e.Id} at {e.Span.Start}: '{parsed.Source.Substring(e.Span.Start, e.Span.Length)}'")
            .ToList();
        Assert.Equal(expected, actual);
        return diagnostics;
    }
}
