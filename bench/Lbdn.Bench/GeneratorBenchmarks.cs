using System.Globalization;
using BenchmarkDotNet.Attributes;
using Lbdn.Generators;
using Lbdn.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Lbdn.Bench;

/// <summary>
/// The Lbdn generator and analyzer over 200 networks, as ratios to compiling the same sources without them: the generator
/// cold, the analyzer cold, and the warm generator after a one-line edit of one network and after an unrelated edit.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const int Networks = 200;
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private CSharpCompilation compilation = null!;
    private CSharpCompilation edited = null!;
    private CSharpCompilation unrelated = null!;
    private GeneratorDriver warm = null!;

    [GlobalSetup]
    public void Setup()
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        var trees = Enumerable.Range(0, Networks).Select(i => CSharpSyntaxTree.ParseText(Network(i, "1.0"), ParseOptions, $"Net{i}.cs"));
        compilation = CSharpCompilation.Create(
            "Networks", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var first = compilation.SyntaxTrees.First();
        edited = compilation.ReplaceSyntaxTree(first, CSharpSyntaxTree.ParseText(Network(0, "2.0"), ParseOptions, first.FilePath));
        unrelated = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Bench; internal static class Other { }", ParseOptions, "Other.cs"));
        warm = Driver().RunGenerators(compilation);
    }

    [Benchmark(Baseline = true)]
    public int CompileWithoutGenerator() => compilation.Clone().GetDiagnostics().Length;

    [Benchmark]
    public GeneratorDriver GeneratorCold() => Driver().RunGenerators(compilation.Clone());

    [Benchmark]
    public int AnalyzerCold() => compilation.Clone()
        .WithAnalyzers([new LipschitzNetAnalyzer()])
        .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult().Length;

    [Benchmark]
    public GeneratorDriver GeneratorAfterNetworkEdit() => warm.RunGenerators(edited);

    [Benchmark]
    public GeneratorDriver GeneratorAfterUnrelatedEdit() => warm.RunGenerators(unrelated);

    private static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create([new LipschitzNetGenerator().AsSourceGenerator()], parseOptions: ParseOptions);

    private static string Network(int index, string gamma) => string.Format(
        CultureInfo.InvariantCulture,
        """
        using Lbdn;

        namespace Bench.Networks;

        [LipschitzNet({0})]
        [Input(1, 28, 28)]
        [SandwichConv(16)]
        [SandwichConv(32, Stride = 2)]
        [Flatten]
        [Sandwich({1})]
        [SandwichLinear(10)]
        public partial class Net{2};
        """,
        gamma,
        64 + index,
        index);
}
