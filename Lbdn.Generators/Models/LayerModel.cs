namespace Lbdn.Generators.Models;

/// <summary>One layer attribute as declared.</summary>
/// <param name="AttributeIndex">Position of the attribute among the class's attributes, to locate diagnostics.</param>
/// <param name="Kind">Which layer.</param>
/// <param name="AttributeName">The attribute's name, for messages about unknown layers.</param>
/// <param name="Size">Features or channels; the kernel for AvgPool; 0 when the layer has none.</param>
/// <param name="Kernel">Convolution kernel.</param>
/// <param name="Stride">Convolution stride.</param>
/// <param name="Activation">The Lbdn.Activation value, possibly undefined.</param>
/// <param name="Factor">Scale factor or Dense MaxNorm.</param>
/// <param name="Name">The fixed state_dict name, when given.</param>
/// <param name="Module">The user module of a <c>[Layer]</c>.</param>
/// <param name="OutputShape">The shape a <c>[Layer]</c> declares it returns (its OutputShape), or null when not declared.</param>
/// <param name="Form">The Lbdn.SandwichForm value of a <c>[SandwichLinear]</c> (0: B, 1: AB).</param>
public sealed record LayerModel(
    int AttributeIndex,
    LayerKind Kind,
    string AttributeName,
    int Size,
    int Kernel,
    int Stride,
    int Activation,
    double Factor,
    string? Name,
    UserModule? Module,
    EquatableArray<int>? OutputShape = null,
    int Form = 0);
