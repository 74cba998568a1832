namespace Lbdn.Generators.Models;

/// <summary>One layer attribute as declared.</summary>
/// <param name="AttributeIndex">Position of the attribute among the class's attributes, to locate diagnostics.</param>
/// <param name="AttributeType">The attribute's metadata name ("Lbdn.SandwichAttribute"), which keys its rule in <see cref="Rules.LayerRuleTable"/>.</param>
/// <param name="AttributeName">The attribute's name, for messages about unknown layers.</param>
/// <param name="Size">Features or channels; the kernel for AvgPool; 0 when the layer has none.</param>
/// <param name="Kernel">Convolution kernel.</param>
/// <param name="Stride">Convolution stride.</param>
/// <param name="Activation">The activation, possibly an undefined value.</param>
/// <param name="Factor">Scale factor or Dense MaxNorm.</param>
/// <param name="Name">The fixed state_dict name, when given.</param>
/// <param name="Module">The user module of a <c>[Layer]</c>.</param>
/// <param name="OutputShape">The shape a <c>[Layer]</c> declares it returns (its OutputShape), or null when not declared.</param>
/// <param name="Form">The form of a <c>[SandwichLinear]</c>, possibly an undefined value.</param>
public sealed record LayerModel(
    int AttributeIndex,
    string AttributeType,
    string AttributeName,
    int Size,
    int Kernel,
    int Stride,
    Activation Activation,
    double Factor,
    string? Name,
    UserModule? Module,
    EquatableArray<int>? OutputShape = null,
    SandwichForm Form = SandwichForm.B);
