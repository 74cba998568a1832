using System.Reflection;
using Lbdn.Generators.Rules;
using Lbdn.Layers;

namespace Lbdn.Tests.Generators;

/// <summary>
/// The generator's one table of layer kinds covers exactly the layer attributes of Lbdn.Dsl, reads their names and
/// defaults from them, and names runtime types that exist.
/// </summary>
public sealed class LayerRuleTableTests
{
    private static readonly Type[] LayerAttributes = typeof(LipschitzLayerAttribute).Assembly.GetExportedTypes()
        .Where(type => type.IsSubclassOf(typeof(LipschitzLayerAttribute)) && !type.IsAbstract)
        .ToArray();

    [Fact]
    public void Every_layer_attribute_of_the_DSL_has_exactly_one_rule()
    {
        Assert.Equal(
            LayerAttributes.Select(type => type.FullName).Order(),
            LayerRuleTable.All.Select(rule => rule.MetadataName).Order());
    }

    [Fact]
    public void Kinds_slugs_and_argument_names_are_read_from_the_attribute_types()
    {
        var conv = LayerRuleTable.Of(typeof(SandwichConvAttribute));
        Assert.Equal("SandwichConv", conv.Kind);
        Assert.Equal("sandwich_conv", conv.Slug);
        Assert.Equal("channels", conv.ArgumentName);
        Assert.Equal("avg_pool", LayerRuleTable.Of(typeof(AvgPoolAttribute)).Slug);
        Assert.Equal("module", LayerRuleTable.Of(typeof(LayerAttribute)).ArgumentName);
        Assert.Null(LayerRuleTable.Of(typeof(FlattenAttribute)).ArgumentName);
        Assert.Equal(LayerRuleTable.All.Count, LayerRuleTable.All.Select(rule => rule.Slug).Distinct().Count());
    }

    [Fact]
    public void Every_runtime_type_exists_in_Lbdn_Layers()
    {
        foreach (var rule in LayerRuleTable.All.Where(rule => rule.RuntimeType is not null))
        {
            Assert.NotNull(typeof(SandwichLayer).Assembly.GetType("Lbdn.Layers." + rule.RuntimeType));
        }
    }

    [Fact]
    public void Defaults_are_those_of_an_attribute_written_without_them()
    {
        foreach (var rule in LayerRuleTable.All)
        {
            var attribute = Create(rule.Attribute);
            Assert.Equal((Activation?)Property(attribute, "Activation") ?? default, rule.DefaultActivation);
            Assert.Equal((int?)Property(attribute, "Kernel") ?? 0, rule.DefaultKernel);
            Assert.Equal((int?)Property(attribute, "Stride") ?? 0, rule.DefaultStride);
            Assert.Equal((double?)Property(attribute, "MaxNorm") ?? 1.0, rule.DefaultFactor);
            Assert.Equal((SandwichForm?)Property(attribute, "Form") ?? default, rule.DefaultForm);
            Assert.Equal(rule.Activations != ActivationSupport.None, rule.Attribute.GetProperty("Activation") is not null);
        }
    }

    private static object Create(Type attribute)
    {
        var constructor = attribute.GetConstructors().Single();
        object[] arguments = constructor.GetParameters().Select(p => p.ParameterType switch
        {
            var t when t == typeof(int) => (object)4,
            var t when t == typeof(double) => 1.0,
            _ => typeof(object),
        }).ToArray();
        return constructor.Invoke(arguments);
    }

    // A named argument's value when it is not written; a constructor argument (AvgPool's Kernel) has no default.
    private static object? Property(object attribute, string name) =>
        attribute.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is { CanWrite: true } property ? property.GetValue(attribute) : null;
}
