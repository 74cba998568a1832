using Lbdn.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>
/// Runs <see cref="LipschitzNetAnalyzer"/> with Microsoft.CodeAnalysis.Testing: the markup <c>{|LBDN003:text|}</c> states
/// each expected diagnostic's id and exact span, explicit <see cref="DiagnosticResult"/>s add message arguments and severity.
/// </summary>
internal static class AnalyzerVerifier
{
    /// <summary>An expected diagnostic of <paramref name="descriptor"/>, to locate with <c>{|#0:text|}</c> and <c>WithLocation(0)</c>.</summary>
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    /// <summary>Asserts the analyzer reports exactly the markup's and <paramref name="expected"/>'s diagnostics.</summary>
    public static Task VerifyAsync(string markup, params DiagnosticResult[] expected) => VerifyAsync(markup, [], expected);

    /// <summary>As <see cref="VerifyAsync(string, DiagnosticResult[])"/>, compiled without the assemblies named in <paramref name="missing"/>.</summary>
    public static Task VerifyAsync(string markup, string[] missing, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = markup };
        LbdnTestState.Apply(test.TestState, missing);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private sealed class Test : CSharpAnalyzerTest<LipschitzNetAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = LbdnTestState.NoPackages;
            SolutionTransforms.Add(LbdnTestState.Configure);
        }
    }
}
