namespace Lbdn;

/// <summary>A dense layer with an orthogonal (Cayley) weight, followed by its activation; bound 1.</summary>
/// <param name="features">Output width.</param>
public sealed class OrthogonalAttribute(int features) : LipschitzLayerAttribute
{
    /// <summary>Output width.</summary>
    public int Features { get; } = features;

    /// <summary>MaxMin by default (gradient-norm preserving); any 1-Lipschitz activation is allowed.</summary>
    public Activation Activation { get; set; } = DefaultActivation;

    /// <summary>The activation when none is written: MaxMin.</summary>
    public const Activation DefaultActivation = Activation.MaxMin;
}
