using Lbdn.Generators.Models;
using Lbdn.Generators.Rules;
using Microsoft.CodeAnalysis;

namespace Lbdn.Generators.Parsing;

/// <summary>Reads one layer attribute into a <see cref="LayerModel"/>, with the defaults of its rule in <see cref="LayerRuleTable"/>.</summary>
internal static class LayerParser
{
    /// <summary>The layer, or null when the attribute is malformed.</summary>
    public static LayerModel? Parse(int index, AttributeData attribute)
    {
        var attributeClass = attribute.AttributeClass!;
        var metadataName = attributeClass.MetadataName();
        var rule = LayerRuleTable.Find(metadataName);
        var first = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value : null;
        if (rule?.ArgumentType is { } argumentType
            && (first is null
                || (argumentType == typeof(double) && first is not double)
                || (argumentType == typeof(Type) && first is not INamedTypeSymbol { TypeKind: not TypeKind.Error })))
        {
            return null;
        }

        // Only a kind whose argument is a type ([Layer]) names a user module, and only it declares an OutputShape.
        var module = rule?.ArgumentType == typeof(Type) ? (INamedTypeSymbol)first! : null;
        return new LayerModel(
            index,
            metadataName,
            attributeClass.Name,
            Size: first as int? ?? 0,
            Kernel: NetworkParser.NamedValue(attribute, nameof(SandwichConvAttribute.Kernel)) as int? ?? rule?.DefaultKernel ?? 0,
            Stride: NetworkParser.NamedValue(attribute, nameof(SandwichConvAttribute.Stride)) as int? ?? rule?.DefaultStride ?? 0,
            Activation: NetworkParser.NamedValue(attribute, nameof(SandwichAttribute.Activation)) is int activation
                ? (Activation)activation
                : rule?.DefaultActivation ?? default,
            Factor: first as double? ?? NetworkParser.NamedValue(attribute, nameof(DenseAttribute.MaxNorm)) as double? ?? rule?.DefaultFactor ?? 1.0,
            NetworkParser.NamedValue(attribute, nameof(LipschitzLayerAttribute.Name)) as string,
            Module: module is null ? null : UserModuleOf(module),
            OutputShape: module is null ? null : OutputShapeOf(attribute),
            Form: NetworkParser.NamedValue(attribute, nameof(SandwichLinearAttribute.Form)) is int form
                ? (SandwichForm)form
                : rule?.DefaultForm ?? default);
    }

    // OutputShape = [8] on [Layer]; an array constant has Values, not a Value.
    private static EquatableArray<int>? OutputShapeOf(AttributeData attribute)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == nameof(LayerAttribute.OutputShape) && pair.Value.Kind == TypedConstantKind.Array && !pair.Value.IsNull)
            {
                return pair.Value.Values.Select(v => v.Value as int? ?? 0).ToEquatableArray();
            }
        }

        return null;
    }

    private static UserModule UserModuleOf(INamedTypeSymbol module)
    {
        // A declared network proves gamma (its bound, or the product P <= gamma with AutoScale = false); the generator gives it
        // its module base, IFreezable and ILipschitzModule, which this pass cannot see yet.
        var network = module.GetAttributes().FirstOrDefault(a => a.AttributeClass?.MetadataName() == AttributeNames.LipschitzNet);
        var bound = module.GetAttributes()
            .FirstOrDefault(a => a.AttributeClass?.MetadataName() == AttributeNames.LipschitzBound)?
            .ConstructorArguments.FirstOrDefault().Value as double?
            ?? network?.ConstructorArguments.FirstOrDefault().Value as double?;
        return new UserModule(
            module.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            module.Name,
            bound,
            network is not null || module.DerivesFrom(AttributeNames.TorchModule),
            !module.IsAbstract
            && !module.IsUnboundGenericType
            && module.TypeParameters.Length == 0
            && module.InstanceConstructors.Any(c =>
                c.Parameters.All(p => p.IsOptional) && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal),
            network is not null
            || (module.AllInterfaces.Any(i => i.MetadataName() == AttributeNames.Freezable)
                && module.AllInterfaces.Any(i => i.MetadataName() == AttributeNames.LipschitzModule)),
            network is not null);
    }
}
