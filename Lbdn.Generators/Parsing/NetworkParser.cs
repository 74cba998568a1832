using System.Collections.Immutable;
using Lbdn.Generators.Models;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lbdn.Generators.Parsing;

/// <summary>Reads the attributes of a [LipschitzNet] class into a <see cref="NetworkModel"/>; shared by generator and analyzer.</summary>
public static class NetworkParser
{
    /// <summary>Parses <paramref name="type"/>, or returns null when it carries no [LipschitzNet].</summary>
    public static NetworkModel? Parse(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var attributes = type.GetAttributes();
        var netIndex = IndexOf(attributes, AttributeNames.LipschitzNet);
        if (netIndex < 0)
        {
            return null;
        }

        var net = attributes[netIndex];
        var malformed = net.ConstructorArguments.Length != 1 || net.ConstructorArguments[0].Value is not double;
        var gamma = net.ConstructorArguments.FirstOrDefault().Value as double? ?? double.NaN;
        var autoScale = NamedValue(net, nameof(LipschitzNetAttribute.AutoScale)) as bool? ?? LipschitzNetAttribute.DefaultAutoScale;

        var inputs = ImmutableArray.CreateBuilder<InputModel>();
        var layers = ImmutableArray.CreateBuilder<LayerModel>();
        for (var i = 0; i < attributes.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attribute = attributes[i];
            if (attribute.AttributeClass is not { } attributeClass)
            {
                continue;
            }

            if (attributeClass.MetadataName() == AttributeNames.Input)
            {
                var shape = attribute.ConstructorArguments.Select(a => a.Value as int? ?? 0).ToEquatableArray();
                malformed |= attribute.AttributeConstructor is null;
                inputs.Add(new InputModel(i, shape, layers.Count > 0));
            }
            else if (attributeClass.TypeKind == TypeKind.Error)
            {
                // The compiler reports an attribute it cannot bind; the network is not analysed further.
                malformed = true;
            }
            else if (attributeClass.DerivesFrom(AttributeNames.LayerBase))
            {
                malformed |= attribute.AttributeConstructor is null;
                if (LayerParser.Parse(i, attribute) is { } layer)
                {
                    layers.Add(layer);
                }
                else
                {
                    malformed = true;
                }
            }
        }

        return new NetworkModel(
            NamespaceOf(type),
            ContainingTypes(type),
            new TypeDeclaration(type.DeclarationKeyword(), type.DeclarationName()),
            CanBeExtended(type) && IsPartialWithContainers(type, cancellationToken),
            malformed,
            netIndex,
            gamma,
            autoScale,
            inputs.ToImmutable().ToEquatableArray(),
            layers.ToImmutable().ToEquatableArray());
    }

    /// <summary>The value of the named argument <paramref name="name"/>, or null when not given.</summary>
    internal static object? NamedValue(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name)
            {
                return pair.Value.Value;
            }
        }

        return null;
    }

    private static int IndexOf(ImmutableArray<AttributeData> attributes, string metadataName)
    {
        for (var i = 0; i < attributes.Length; i++)
        {
            if (attributes[i].AttributeClass?.MetadataName() == metadataName)
            {
                return i;
            }
        }

        return -1;
    }

    private static string? NamespaceOf(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null;

    private static EquatableArray<TypeDeclaration> ContainingTypes(INamedTypeSymbol type)
    {
        var containers = new List<TypeDeclaration>();
        for (var container = type.ContainingType; container is not null; container = container.ContainingType)
        {
            containers.Insert(0, new TypeDeclaration(container.DeclarationKeyword(), container.DeclarationName()));
        }

        return containers.ToEquatableArray();
    }

    /// <summary>Whether a generated partial declaration can derive <paramref name="type"/> from the TorchSharp module.</summary>
    public static bool CanBeExtended(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Class
        && !type.IsStatic
        && !type.IsRecord
        && (type.BaseType is null
            || type.BaseType.SpecialType == SpecialType.System_Object
            || type.BaseType.ToDisplayString() == AttributeNames.TorchModule);

    private static bool IsPartialWithContainers(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
        {
            if (!IsPartial(current, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether every source declaration of <paramref name="type"/> has the partial modifier.</summary>
    internal static bool IsPartial(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        type.DeclaringSyntaxReferences.Length > 0
        && type.DeclaringSyntaxReferences.All(r =>
            r.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration
            && declaration.Modifiers.Any(SyntaxKind.PartialKeyword));
}
