using Lbdn.Generators.Models;
using Lbdn.Generators.Verification;

namespace Lbdn.Generators.Emit;

/// <summary>The runtime type of each stage and the expression that constructs it, per the table in docs/architecture.md.</summary>
internal static class StageConstruction
{
    private const string DeviceArguments = "device, dtype";

    /// <summary>The field type of <paramref name="stage"/>.</summary>
    public static string FieldType(StagePlan stage) => stage.Layer?.Kind switch
    {
        null or LayerKind.Scale => RuntimeNames.Layers + "LipschitzScale",
        LayerKind.Sandwich => RuntimeNames.Layers + "SandwichLayer",
        LayerKind.SandwichLinear => RuntimeNames.Layers + "SandwichLinear",
        LayerKind.SandwichConv => RuntimeNames.Layers + "SandwichConv2d",
        LayerKind.Orthogonal => RuntimeNames.Layers + "OrthogonalLinear",
        LayerKind.Aol => RuntimeNames.Layers + "AolLinear",
        LayerKind.Sll => RuntimeNames.Layers + "SllLinear",
        LayerKind.SllConv => RuntimeNames.Layers + "SllConv2d",
        LayerKind.AolConv => RuntimeNames.Layers + "AolConv2d",
        LayerKind.OrthogonalConv => RuntimeNames.Layers + "OrthogonalConv2d",
        LayerKind.Dense => RuntimeNames.Layers + "DenseLayer",
        LayerKind.Flatten => RuntimeNames.Layers + "Flatten",
        LayerKind.AvgPool => RuntimeNames.Layers + "AvgPool",
        LayerKind.User => stage.Layer.Module!.TypeName,
        _ => throw new ArgumentOutOfRangeException(nameof(stage), stage.Layer.Kind, "Verified plans hold only known layers."),
    };

    /// <summary>The constructor call of <paramref name="stage"/>.</summary>
    public static string Expression(StagePlan stage)
    {
        var layer = stage.Layer;
        var type = FieldType(stage);
        if (layer is null)
        {
            return New(type, Literals.Double(stage.Bound));
        }

        var inputWidth = Literals.Long(stage.Input.Channels);
        var size = Literals.Long(layer.Size);
        var activation = RuntimeNames.Activation + "." + Activations.NameOf(layer.Activation);
        return layer.Kind switch
        {
            LayerKind.Sandwich or LayerKind.Orthogonal or LayerKind.Aol or LayerKind.Sll => New(type, inputWidth, size, activation, DeviceArguments),
            LayerKind.SllConv or LayerKind.AolConv => New(type, inputWidth, size, Literals.Long(layer.Kernel), activation, DeviceArguments),
            LayerKind.SandwichLinear when layer.Form == 0 => New(type, inputWidth, size, DeviceArguments),
            LayerKind.SandwichLinear => New(type, inputWidth, size, "global::Lbdn.SandwichForm.AB", DeviceArguments),
            LayerKind.Dense => New(type, inputWidth, size, Literals.Double(layer.Factor), activation, DeviceArguments),
            LayerKind.SandwichConv or LayerKind.OrthogonalConv => New(
                type,
                inputWidth,
                size,
                Literals.Long(stage.Input.Height),
                Literals.Long(layer.Kernel),
                Literals.Long(layer.Stride),
                activation,
                DeviceArguments),
            LayerKind.AvgPool => New(type, size),
            LayerKind.Scale => New(type, Literals.Double(layer.Factor)),
            _ => New(type),
        };
    }

    private static string New(string type, params string[] arguments) => "new " + type + "(" + string.Join(", ", arguments) + ")";
}
