using Lbdn.Generators.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lbdn.Generators.Diagnostics;

/// <summary>Finds the source location of a <see cref="DiagnosticTarget"/>: the argument when written, else the attribute.</summary>
internal static class TargetLocator
{
    public static Location Locate(INamedTypeSymbol type, DiagnosticTarget target, CancellationToken cancellationToken)
    {
        var attributes = type.GetAttributes();
        if (target.AttributeIndex < 0
            || target.AttributeIndex >= attributes.Length
            || attributes[target.AttributeIndex].ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax attribute)
        {
            return type.Locations.FirstOrDefault() ?? Location.None;
        }

        return (Argument(attribute, target) ?? (SyntaxNode)attribute).GetLocation();
    }

    private static AttributeArgumentSyntax? Argument(AttributeSyntax attribute, DiagnosticTarget target)
    {
        if (attribute.ArgumentList is not { } list || target.ArgumentName is null)
        {
            return null;
        }

        var named = list.Arguments.FirstOrDefault(a =>
            a.NameEquals?.Name.Identifier.ValueText == target.ArgumentName
            || a.NameColon?.Name.Identifier.ValueText == target.ArgumentName);
        if (named is not null || target.ConstructorPosition < 0)
        {
            return named;
        }

        var positional = list.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
        return target.ConstructorPosition < positional.Count ? positional[target.ConstructorPosition] : null;
    }
}
