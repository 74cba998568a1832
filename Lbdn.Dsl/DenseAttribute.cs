namespace Lbdn;

/// <summary>A dense layer whose spectral norm is capped exactly at <see cref="MaxNorm"/>, followed by its activation (the Local-Lip style network).</summary>
/// <param name="features">Output width.</param>
public sealed class DenseAttribute(int features) : LipschitzLayerAttribute
{
    /// <summary>Output width.</summary>
    public int Features { get; } = features;

    /// <summary>The spectral-norm cap c, which is the layer's bound; 1 by default.</summary>
    public double MaxNorm { get; set; } = DefaultMaxNorm;

    /// <summary>The spectral-norm cap when none is written: 1.</summary>
    public const double DefaultMaxNorm = 1.0;

    /// <summary>ReLU by default; ClippedReLU gives tighter local bounds.</summary>
    public Activation Activation { get; set; } = DefaultActivation;

    /// <summary>The activation when none is written: ReLU.</summary>
    public const Activation DefaultActivation = Activation.ReLU;
}
