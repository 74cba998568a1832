using Microsoft.CodeAnalysis;

namespace Lbdn.Generators.Parsing;

/// <summary>Culture-invariant, stable names of symbols.</summary>
internal static class SymbolNames
{
    private static readonly SymbolDisplayFormat MetadataStyle = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces);

    /// <summary>Namespace.Outer.Name, without type arguments, as attributes are matched.</summary>
    public static string MetadataName(this ITypeSymbol type) => type.ToDisplayString(MetadataStyle);

    /// <summary>The name as written in a type declaration, with its type parameters.</summary>
    public static string DeclarationName(this INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0
            ? type.Name
            : type.Name + "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";

    /// <summary>The keyword that opens the declaration of <paramref name="type"/>.</summary>
    public static string DeclarationKeyword(this INamedTypeSymbol type) => (type.TypeKind, type.IsRecord) switch
    {
        (TypeKind.Struct, true) => "record struct",
        (TypeKind.Struct, false) => "struct",
        (TypeKind.Interface, _) => "interface",
        (_, true) => "record",
        _ => "class",
    };

    /// <summary>Whether <paramref name="type"/> or one of its bases has the metadata name <paramref name="name"/>.</summary>
    public static bool DerivesFrom(this ITypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.ToDisplayString() == name || current.MetadataName() == name)
            {
                return true;
            }
        }

        return false;
    }
}
