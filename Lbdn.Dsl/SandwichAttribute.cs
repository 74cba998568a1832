namespace Lbdn;

/// <summary>A fully connected sandwich layer (Wang and Manchester 2023), 1-Lipschitz for every parameter value.</summary>
/// <param name="features">Output width.</param>
public sealed class SandwichAttribute(int features) : LipschitzLayerAttribute
{
    /// <summary>Output width.</summary>
    public int Features { get; } = features;

    /// <summary>Elementwise activation with slope in [0, 1]; ReLU by default.</summary>
    public Activation Activation { get; set; } = DefaultActivation;

    /// <summary>The activation when none is written: ReLU.</summary>
    public const Activation DefaultActivation = Activation.ReLU;
}
