using Lbdn.Generators.Rules;
using Lbdn.Generators.Verification;

namespace Lbdn.Generators.Emit;

/// <summary>The runtime type of each stage and the expression that constructs it, read from the layer's rule (<see cref="LayerRuleTable"/>).</summary>
internal static class StageConstruction
{
    private const string DeviceArguments = "device, dtype";

    /// <summary>The field type of <paramref name="stage"/>; an injected scale is a [Scale] layer.</summary>
    public static string FieldType(StagePlan stage) =>
        stage.Layer?.Module?.TypeName ?? RuntimeNames.Layers + RuleOf(stage).RuntimeType;

    /// <summary>The constructor call of <paramref name="stage"/>.</summary>
    public static string Expression(StagePlan stage)
    {
        var type = FieldType(stage);
        if (stage.Layer is not { } layer)
        {
            return New(type, Literals.Double(stage.Bound));
        }

        var rule = RuleOf(stage);
        var arguments = rule.Constructor(new ConstructorArguments(layer, stage.Input)).ToList();
        if (rule.TakesDevice)
        {
            arguments.Add(DeviceArguments);
        }

        return New(type, [.. arguments]);
    }

    private static LayerRule RuleOf(StagePlan stage) => stage.Layer is { } layer
        ? LayerRuleTable.Find(layer) ?? throw new ArgumentOutOfRangeException(nameof(stage), layer.AttributeType, "Verified plans hold only known layers.")
        : LayerRuleTable.Scale;

    private static string New(string type, params string[] arguments) => "new " + type + "(" + string.Join(", ", arguments) + ")";
}
