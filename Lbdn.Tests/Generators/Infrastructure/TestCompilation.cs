using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>Compilations of test sources against the BCL, TorchSharp, Lbdn.Dsl and the runtime stubs.</summary>
internal static class TestCompilation
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly string[] Excluded = ["Lbdn.Runtime.dll", "Lbdn.Tests.dll", "Lbdn.Generators.dll"];

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => !Excluded.Contains(Path.GetFileName(path)))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    private static readonly Lazy<SyntaxTree> Stubs = new(() =>
        CSharpSyntaxTree.ParseText(RuntimeStubs.Source, ParseOptions, "RuntimeStubs.cs"));

    /// <summary>A library compilation of <paramref name="sources"/> plus the runtime stubs.</summary>
    public static CSharpCompilation Create(params string[] sources) =>
        CSharpCompilation.Create(
            "Lbdn.UserCode",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, $"Source{i}.cs")).Append(Stubs.Value),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
}
