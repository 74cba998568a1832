using System.Collections.Immutable;
using System.Composition;
using Lbdn.Generators.Diagnostics;
using Lbdn.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lbdn.Generators.CodeFixes;

/// <summary>Fixes LBDN001 by adding 'partial' to the network class and every type containing it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix))]
[Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticDescriptors.NotPartial.Id];

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        // Only a plain class can be fixed by adding 'partial'; records, static classes and derived classes need a rewrite
        // that changes what the class is, so no fix is offered for them.
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not ClassDeclarationSyntax declaration
            || !Targets(declaration).Any()
            || !await CanDeriveFromModule(context.Document, declaration, context.CancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var title = "Make '" + declaration.Identifier.ValueText + "' partial";
        foreach (var diagnostic in context.Diagnostics)
        {
            context.RegisterCodeFix(
                CodeAction.Create(title, _ => Task.FromResult(MakePartial(context.Document, root, declaration)), nameof(MakePartialCodeFix)),
                diagnostic);
        }
    }

    private static async Task<bool> CanDeriveFromModule(Document document, ClassDeclarationSyntax declaration, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return model?.GetDeclaredSymbol(declaration, cancellationToken) is { } type && NetworkParser.CanBeExtended(type);
    }

    private static Document MakePartial(Document document, SyntaxNode root, TypeDeclarationSyntax declaration)
    {
        return document.WithSyntaxRoot(root.ReplaceNodes(Targets(declaration), (_, rewritten) => AddPartial(rewritten)));
    }

    private static IEnumerable<TypeDeclarationSyntax> Targets(TypeDeclarationSyntax declaration) =>
        declaration.AncestorsAndSelf()
            .OfType<TypeDeclarationSyntax>()
            .Where(type => !type.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
    {
        if (type.Modifiers.Count > 0)
        {
            return type.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }

        // With no modifiers the keyword carries the leading trivia (indentation); move it to 'partial'.
        var partial = SyntaxFactory.Token(type.Keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return type
            .WithKeyword(type.Keyword.WithLeadingTrivia())
            .WithModifiers(SyntaxFactory.TokenList(partial));
    }
}
