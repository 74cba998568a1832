using System.Collections.Immutable;
using Lbdn.Generators.CodeFixes;
using Lbdn.Generators.Diagnostics;
using Lbdn.Tests.Generators.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Lbdn.Tests.Generators;

/// <summary>The LBDN001 code fix makes the class and its containing types partial, after which the rule is silent.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public async Task Adds_partial_to_a_class_with_modifiers()
    {
        var fixedSource = await Fix("""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [Sandwich(4)]
            public sealed class Net;
            """);

        Assert.Equal("""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [Sandwich(4)]
            public sealed partial class Net;
            """, fixedSource);
    }

    [Fact]
    public async Task Adds_partial_to_the_class_and_its_containing_types()
    {
        var fixedSource = await Fix("""
            using Lbdn;

            namespace Demo
            {
                class Outer
                {
                    [LipschitzNet(1.0)]
                    [Input(4)]
                    [Sandwich(4)]
                    class Net { }
                }
            }
            """);

        Assert.Equal("""
            using Lbdn;

            namespace Demo
            {
                partial class Outer
                {
                    [LipschitzNet(1.0)]
                    [Input(4)]
                    [Sandwich(4)]
                    partial class Net { }
                }
            }
            """, fixedSource);
    }

    [Theory]
    [InlineData("public static class Net { }")]
    [InlineData("public class Net : System.Exception;")]
    public async Task Is_not_offered_where_partial_alone_would_leave_LBDN001(string declaration)
    {
        var (document, diagnostic) = await Lbdn001Of($$"""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [Sandwich(4)]
            {{declaration}}
            """);

        Assert.Empty(await Actions(document, diagnostic));
    }

    private static async Task<(Document Document, Diagnostic Diagnostic)> Lbdn001Of(string source)
    {
        var workspace = new AdhocWorkspace();
        var compilation = TestCompilation.Create(source);
        var project = workspace.AddProject("Net", LanguageNames.CSharp)
            .WithCompilationOptions(compilation.Options)
            .WithParseOptions(TestCompilation.ParseOptions)
            .AddMetadataReferences(compilation.References);
        var document = project.AddDocument("Net.cs", SourceText.From(source));
        return (document, Assert.Single(await Lbdn001(document)));
    }

    private static async Task<List<CodeAction>> Actions(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new MakePartialCodeFix().RegisterCodeFixesAsync(context);
        return actions;
    }

    private static async Task<string> Fix(string source)
    {
        using var workspace = new AdhocWorkspace();
        var compilation = TestCompilation.Create(source);
        var project = workspace.AddProject("Net", LanguageNames.CSharp)
            .WithCompilationOptions(compilation.Options)
            .WithParseOptions(TestCompilation.ParseOptions)
            .AddMetadataReferences(compilation.References);
        var document = project.AddDocument("Net.cs", SourceText.From(source));

        var diagnostic = Assert.Single(await Lbdn001(document));
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
        await new MakePartialCodeFix().RegisterCodeFixesAsync(context);

        var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
        var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution.GetDocument(document.Id)!;
        Assert.Empty(await Lbdn001(changed));
        return (await changed.GetTextAsync()).ToString();
    }

    private static async Task<ImmutableArray<Diagnostic>> Lbdn001(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        return AnalyzerRun.Diagnostics(compilation).Where(d => d.Id == DiagnosticDescriptors.NotPartial.Id).ToImmutableArray();
    }
}
