namespace Lbdn;

/// <summary>
/// The almost-orthogonal dense layer of Prach and Lampert (2022), sigma(W diag(t) x + b) with t_j = (sum_i |W^T W|_ij)^-1/2,
/// followed by its activation; bound 1.
/// </summary>
/// <param name="features">Output width.</param>
public sealed class AolAttribute(int features) : LipschitzLayerAttribute
{
    /// <summary>Output width.</summary>
    public int Features { get; } = features;

    /// <summary>ReLU by default; any 1-Lipschitz activation is allowed.</summary>
    public Activation Activation { get; set; } = DefaultActivation;

    /// <summary>The activation when none is written: ReLU.</summary>
    public const Activation DefaultActivation = Activation.ReLU;
}
