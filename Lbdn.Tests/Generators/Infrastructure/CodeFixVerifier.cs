using Lbdn.Generators.CodeFixes;
using Lbdn.Generators.Diagnostics;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>
/// Runs <see cref="MakePartialCodeFix"/> on the diagnostics of <see cref="LipschitzNetAnalyzer"/> with
/// Microsoft.CodeAnalysis.Testing: the fixed source must be <c>fixedSource</c> and carry no diagnostic at all.
/// </summary>
internal static class CodeFixVerifier
{
    /// <summary>
    /// Asserts the markup's diagnostics, then that the fix turns the source into <paramref name="fixedSource"/>; pass the
    /// markup itself as <paramref name="fixedSource"/> to assert that no fix changes the source.
    /// </summary>
    public static Task VerifyAsync(string markup, string fixedSource)
    {
        var test = new Test { TestCode = markup, FixedCode = fixedSource };
        LbdnTestState.Apply(test.TestState);
        LbdnTestState.Apply(test.FixedState);
        return test.RunAsync();
    }

    private sealed class Test : CSharpCodeFixTest<LipschitzNetAnalyzer, MakePartialCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = LbdnTestState.NoPackages;
            SolutionTransforms.Add(LbdnTestState.Configure);
        }
    }
}
