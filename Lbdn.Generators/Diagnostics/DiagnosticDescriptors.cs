using Microsoft.CodeAnalysis;

namespace Lbdn.Generators.Diagnostics;

/// <summary>The catalogue of Lbdn rules; documented in docs/diagnostics.md.</summary>
public static class DiagnosticDescriptors
{
    private const string Category = "Lbdn";
    private const string HelpBase = "https://example.invalid/lbdn/blob/main/docs/diagnostics.md#";

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

    /// <summary>Every rule, in id order.</summary>
    public static readonly DiagnosticDescriptor[] All =
    [
        NotPartial, InvalidGamma, BoundExceedsGamma, UnprovableLayer, ShapeMismatch, ActivationNotAllowed, InputDeclaration, LayerName,
    ];

    private static DiagnosticDescriptor Create(string id, string title, string message) => new(
        id,
        title,
        message,
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpBase + id.ToLowerInvariant());
}
