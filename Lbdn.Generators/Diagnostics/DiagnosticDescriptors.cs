using Microsoft.CodeAnalysis;

namespace Lbdn.Generators.Diagnostics;

/// <summary>
/// The catalogue of Lbdn rules; documented in docs/diagnostics.md, which the Lbdn.Dsl package carries. No help link until
/// the documentation has a public address.
/// </summary>
public static class DiagnosticDescriptors
{
    private const string Category = "Lbdn";

    /// <summary>LBDN001: the network class or a type containing it is not partial.</summary>
    public static readonly DiagnosticDescriptor NotPartial = Create(
        "LBDN001",
        "Network class must be partial",
        "'{0}' must be a partial, non-static class without another base class so that Lbdn can derive it from torch.nn.Module<Tensor, Tensor>; add the 'partial' modifier to it and to every type containing it");

    /// <summary>LBDN002: gamma is not positive and finite.</summary>
    public static readonly DiagnosticDescriptor InvalidGamma = Create(
        "LBDN002",
        "Gamma must be positive and finite",
        "gamma is {0}; the certified Lipschitz bound must be a positive, finite number such as 1.0");

    /// <summary>LBDN003: without AutoScale the product of the layer bounds exceeds gamma.</summary>
    public static readonly DiagnosticDescriptor BoundExceedsGamma = Create(
        "LBDN003",
        "Composed Lipschitz bound exceeds gamma",
        "With AutoScale = false the layer bounds compose to {0} > {1}; raise gamma, tighten the layers or remove 'AutoScale = false'");

    /// <summary>LBDN004: a layer has no provable bound.</summary>
    public static readonly DiagnosticDescriptor UnprovableLayer = Create(
        "LBDN004",
        "Layer without a provable Lipschitz bound",
        "{0} has no provable Lipschitz bound: {1}");

    /// <summary>LBDN005: the layer does not accept the shape it receives.</summary>
    public static readonly DiagnosticDescriptor ShapeMismatch = Create(
        "LBDN005",
        "Shape mismatch",
        "{0} receives shape {1}: {2}");

    /// <summary>LBDN006: the activation breaks the layer's proof.</summary>
    public static readonly DiagnosticDescriptor ActivationNotAllowed = Create(
        "LBDN006",
        "Activation not allowed in this layer",
        "{0} cannot use activation {1}: {2}");

    /// <summary>LBDN007: [Input] is missing, duplicated or placed after a layer.</summary>
    public static readonly DiagnosticDescriptor InputDeclaration = Create(
        "LBDN007",
        "Missing, duplicated or misplaced [Input]",
        "{0}; declare exactly one [Input(...)] before the first layer");

    /// <summary>LBDN008: two layers share a state_dict name, or a name is not a usable identifier.</summary>
    public static readonly DiagnosticDescriptor LayerName = Create(
        "LBDN008",
        "Duplicate or invalid layer name",
        "Layer name '{0}' {1}; choose another Name");

    /// <summary>LBDN009: a user module cannot be frozen or does not state its bound at run time, so the network cannot be certified.</summary>
    public static readonly DiagnosticDescriptor NotCertifiable = Create(
        "LBDN009",
        "User layer cannot be certified",
        "{0}: '{1}' does not implement both Lbdn.IFreezable and Lbdn.ILipschitzModule, so CertifiedRadius() and Certify() throw at run time; implement ILipschitzModule (LipschitzBound = its [LipschitzBound]) and IFreezable with Freeze(ScalarType) returning steps the certifier supports (FrozenLinear, LipschitzScale, ...)",
        DiagnosticSeverity.Warning);

    /// <summary>LBDN010: a user module does not declare its output shape where the next stage needs it; it is assumed to keep its input shape.</summary>
    public static readonly DiagnosticDescriptor UnknownShape = Create(
        "LBDN010",
        "Output shape of a user layer unknown",
        "{0}: '{1}' does not declare the shape it returns, and {2} needs it, so it is assumed to keep the shape it receives, {3}; state it with OutputShape = [...] on the [Layer] attribute",
        DiagnosticSeverity.Warning);

    /// <summary>LBDN011: layer attributes on a class that is not a [LipschitzNet].</summary>
    public static readonly DiagnosticDescriptor LayersWithoutNetwork = Create(
        "LBDN011",
        "Layer attributes without [LipschitzNet]",
        "'{0}' has Lbdn layer attributes but no [LipschitzNet(gamma)], so they are ignored and '{0}' stays a plain class; add [LipschitzNet(1.0)] or remove them",
        DiagnosticSeverity.Warning);

    /// <summary>LBDN012: the compilation does not reference Lbdn.Runtime, which the generated code needs.</summary>
    public static readonly DiagnosticDescriptor RuntimeMissing = Create(
        "LBDN012",
        "Lbdn.Runtime is not referenced",
        "'{0}' cannot be generated: the project does not reference Lbdn.Runtime, whose layers the generated network uses; add <PackageReference Include=\"Lbdn.Runtime\" /> (or a ProjectReference to Lbdn.Runtime)");

    /// <summary>LBDN013: a layer's parameters cannot be allocated.</summary>
    public static readonly DiagnosticDescriptor TooLarge = Create(
        "LBDN013",
        "Layer too large to allocate",
        "{0} receives shape {1} and implies {2} parameters; its tensor {3} has {4} elements, more than the {5} a tensor's data can hold here; reduce the width");

    /// <summary>Every rule, in id order.</summary>
    public static readonly DiagnosticDescriptor[] All =
    [
        NotPartial, InvalidGamma, BoundExceedsGamma, UnprovableLayer, ShapeMismatch, ActivationNotAllowed, InputDeclaration, LayerName,
        NotCertifiable, UnknownShape, LayersWithoutNetwork, RuntimeMissing, TooLarge,
    ];

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error) => new(
        id,
        title,
        message,
        Category,
        severity,
        isEnabledByDefault: true);
}
