using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>
/// The project a Microsoft.CodeAnalysis.Testing test compiles, as a user project sees Lbdn: the running runtime, TorchSharp,
/// Lbdn.Dsl and Lbdn.Runtime (<see cref="TestCompilation"/>'s references), no reference pack to download, the latest C#, nullable on.
/// </summary>
internal static class LbdnTestState
{
    /// <summary>No reference packages: the references are those of the running tests, added by <see cref="Apply"/>.</summary>
    public static readonly ReferenceAssemblies NoPackages = new("net10.0");

    /// <summary>Configures <paramref name="state"/> with <see cref="TestCompilation"/>'s references, without the assemblies named in <paramref name="missing"/>.</summary>
    public static void Apply(SolutionState state, params string[] missing) =>
        state.AdditionalReferences.AddRange(TestCompilation.References(missing));

    /// <summary>Latest C# with nullable reference types, as <see cref="TestCompilation"/> compiles.</summary>
    public static Solution Configure(Solution solution, ProjectId projectId)
    {
        var project = solution.GetProject(projectId)!;
        return solution
            .WithProjectParseOptions(projectId, TestCompilation.ParseOptions)
            .WithProjectCompilationOptions(
                projectId, ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable));
    }
}
