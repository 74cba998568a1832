using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>Compilations of test sources against the BCL, TorchSharp, Lbdn.Dsl and Lbdn.Runtime, as a user project sees them.</summary>
internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly string[] Excluded = ["Lbdn.Tests.dll", "Lbdn.Generators.dll", "Lbdn.Generators.CodeFixes.dll"];

    private static readonly Lazy<ImmutableArray<MetadataReference>> AllReferences = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => !Excluded.Contains(Path.GetFileName(path)))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    /// <summary>The references of a user project, without the assemblies named in <paramref name="missing"/>.</summary>
    public static ImmutableArray<MetadataReference> References(params string[] missing) =>
        AllReferences.Value.Where(r => !missing.Contains(Path.GetFileName(((PortableExecutableReference)r).FilePath))).ToImmutableArray();

    /// <summary>A library compilation of <paramref name="sources"/>.</summary>
    public static CSharpCompilation Create(params string[] sources) => Create(AllReferences.Value, sources);

    /// <summary>A library compilation of <paramref name="sources"/> without the assemblies named in <paramref name="missing"/>.</summary>
    public static CSharpCompilation CreateWithout(string[] missing, params string[] sources) => Create(References(missing), sources);

    private static CSharpCompilation Create(ImmutableArray<MetadataReference> references, string[] sources) =>
        CSharpCompilation.Create(
            "Lbdn.UserCode",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, $"Source{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
}
