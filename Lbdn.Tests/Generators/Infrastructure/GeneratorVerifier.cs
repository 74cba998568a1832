using System.Reflection;
using System.Text;
using Lbdn.Generators;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>
/// Runs <see cref="LipschitzNetGenerator"/> with Microsoft.CodeAnalysis.Testing: the generated sources must equal the
/// snapshot files Generators/Snapshots/NAME.verified.cs (in the test project's source folder, recorded at build time since
/// CI builds map source paths away) and the output must compile without error; then <see cref="IncrementalAssert"/>.
/// </summary>
internal static class GeneratorVerifier
{
    /// <summary>The folder of the snapshot files.</summary>
    public static readonly string SnapshotDirectory = typeof(GeneratorVerifier).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "LbdnSnapshotDirectory").Value!;

    /// <summary>
    /// Asserts that <paramref name="source"/> generates exactly the snapshot <paramref name="snapshot"/> under
    /// <paramref name="hintName"/>. With LBDN_ACCEPT_SNAPSHOTS=1 (never when CI=true) the snapshot is first rewritten from
    /// the generator's output, to review with git diff.
    /// </summary>
    public static Task VerifySnapshotAsync(string source, string hintName, string snapshot)
    {
        var path = Path.Combine(SnapshotDirectory, snapshot + ".verified.cs");
        if (Environment.GetEnvironmentVariable("LBDN_ACCEPT_SNAPSHOTS") == "1" && Environment.GetEnvironmentVariable("CI") != "true")
        {
            File.WriteAllText(path, GeneratorRun.Of(source).SingleSource());
        }

        return VerifyAsync(source, (hintName, File.ReadAllText(path).Replace("\r\n", "\n")));
    }

    /// <summary>Asserts that <paramref name="source"/> generates exactly <paramref name="generated"/> (none for an invalid declaration), compiling with <paramref name="missing"/> assemblies left out.</summary>
    public static async Task VerifyAsync(string source, string[] missing, params (string HintName, string Text)[] generated)
    {
        var test = new Test { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.Errors };
        LbdnTestState.Apply(test.TestState, missing);
        foreach (var (hintName, text) in generated)
        {
            test.TestState.GeneratedSources.Add((typeof(LipschitzNetGenerator), hintName, SourceText.From(text, Encoding.UTF8)));
        }

        await test.RunAsync();
        IncrementalAssert.CachedOnRerun(TestCompilation.CreateWithout(missing, source));
    }

    /// <summary>As <see cref="VerifyAsync(string, string[], ValueTuple{string, string}[])"/> with every reference.</summary>
    public static Task VerifyAsync(string source, params (string HintName, string Text)[] generated) => VerifyAsync(source, [], generated);

    private sealed class Test : CSharpSourceGeneratorTest<LipschitzNetGenerator, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = LbdnTestState.NoPackages;
            SolutionTransforms.Add(LbdnTestState.Configure);
        }
    }
}
