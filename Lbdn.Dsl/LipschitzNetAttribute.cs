namespace Lbdn;

/// <summary>
/// Declares a partial class as a network whose l2 Lipschitz bound is <paramref name="gamma"/>. The Lbdn generator
/// emits a TorchSharp module from the layer attributes that follow, in declaration order, and the analyzers prove the bound.
/// </summary>
/// <param name="gamma">The certified Lipschitz bound; positive and finite.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LipschitzNetAttribute(double gamma) : Attribute
{
    /// <summary>The certified Lipschitz bound of the whole network.</summary>
    public double Gamma { get; } = gamma;

    /// <summary>
    /// When true (the default) input and output are scaled so that the network's bound equals <see cref="Gamma"/>
    /// whatever the product of the layer bounds; when false no scaling is injected and that product must not exceed it.
    /// </summary>
    public bool AutoScale { get; set; } = DefaultAutoScale;

    /// <summary>Whether scales are injected when AutoScale is not written: true.</summary>
    public const bool DefaultAutoScale = true;
}
