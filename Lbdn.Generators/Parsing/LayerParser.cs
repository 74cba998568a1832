using Lbdn.Generators.Models;
using Lbdn.Generators.Verification;
using Microsoft.CodeAnalysis;

namespace Lbdn.Generators.Parsing;

/// <summary>Reads one layer attribute into a <see cref="LayerModel"/>.</summary>
internal static class LayerParser
{
    /// <summary>The layer, or null when the attribute is malformed.</summary>
    public static LayerModel? Parse(int index, AttributeData attribute)
    {
        var attributeClass = attribute.AttributeClass!;
        var name = NetworkParser.NamedValue(attribute, "Name") as string;
        var kind = KindOf(attributeClass);
        var first = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value : null;
        if (kind is not LayerKind.Unknown and not LayerKind.Flatten && first is null)
        {
            return null;
        }

        var layer = new LayerModel(
            index,
            kind,
            attributeClass.Name,
            Size: first as int? ?? 0,
            Kernel: NetworkParser.NamedValue(attribute, "Kernel") as int? ?? 3,
            Stride: NetworkParser.NamedValue(attribute, "Stride") as int? ?? 1,
            Activation: NetworkParser.NamedValue(attribute, "Activation") as int? ?? DefaultActivation(kind),
            Factor: 1.0,
            name,
            Module: null);

        return kind switch
        {
            LayerKind.Scale => first is double factor ? layer with { Size = 0, Factor = factor } : null,
            LayerKind.SandwichLinear => layer with { Form = NetworkParser.NamedValue(attribute, "Form") as int? ?? 0 },
            LayerKind.Dense => layer with { Factor = NetworkParser.NamedValue(attribute, "MaxNorm") as double? ?? 1.0 },
            LayerKind.User => first is INamedTypeSymbol module && module.TypeKind != TypeKind.Error
                ? layer with { Size = 0, Module = UserModuleOf(module), OutputShape = OutputShapeOf(attribute) }
                : null,
            _ => layer,
        };
    }

    private static int DefaultActivation(LayerKind kind) =>
        kind is LayerKind.Orthogonal or LayerKind.OrthogonalConv ? Activations.MaxMin : Activations.ReLU;

    private static LayerKind KindOf(INamedTypeSymbol attributeClass) => attributeClass.MetadataName() switch
    {
        "Lbdn.SandwichAttribute" => LayerKind.Sandwich,
        "Lbdn.SandwichLinearAttribute" => LayerKind.SandwichLinear,
        "Lbdn.SandwichConvAttribute" => LayerKind.SandwichConv,
        "Lbdn.OrthogonalAttribute" => LayerKind.Orthogonal,
        "Lbdn.AolAttribute" => LayerKind.Aol,
        "Lbdn.SllAttribute" => LayerKind.Sll,
        "Lbdn.SllConvAttribute" => LayerKind.SllConv,
        "Lbdn.AolConvAttribute" => LayerKind.AolConv,
        "Lbdn.OrthogonalConvAttribute" => LayerKind.OrthogonalConv,
        "Lbdn.DenseAttribute" => LayerKind.Dense,
        "Lbdn.FlattenAttribute" => LayerKind.Flatten,
        "Lbdn.AvgPoolAttribute" => LayerKind.AvgPool,
        "Lbdn.ScaleAttribute" => LayerKind.Scale,
        "Lbdn.LayerAttribute" => LayerKind.User,
        _ => LayerKind.Unknown,
    };

    // OutputShape = [8] on [Layer]; an array constant has Values, not a Value.
    private static EquatableArray<int>? OutputShapeOf(AttributeData attribute)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == "OutputShape" && pair.Value.Kind == TypedConstantKind.Array && !pair.Value.IsNull)
            {
                return pair.Value.Values.Select(v => v.Value as int? ?? 0).ToEquatableArray();
            }
        }

        return null;
    }

    private static UserModule UserModuleOf(INamedTypeSymbol module)
    {
        var bound = module.GetAttributes()
            .FirstOrDefault(a => a.AttributeClass?.MetadataName() == AttributeNames.LipschitzBound)?
            .ConstructorArguments.FirstOrDefault().Value as double?;
        return new UserModule(
            module.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            module.Name,
            bound,
            module.DerivesFrom(AttributeNames.TorchModule),
            !module.IsAbstract
            && !module.IsUnboundGenericType
            && module.TypeParameters.Length == 0
            && module.InstanceConstructors.Any(c =>
                c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal),
            module.AllInterfaces.Any(i => i.MetadataName() == AttributeNames.Freezable)
            && module.AllInterfaces.Any(i => i.MetadataName() == AttributeNames.LipschitzModule));
    }
}
