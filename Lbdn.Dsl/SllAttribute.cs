namespace Lbdn;

/// <summary>
/// The SDP-based Lipschitz residual layer of Araujo et al. (2023), x - 2 W T^-1 sigma(W^T x + b) with
/// T = diag(sum_j |W^T W|_ij q_j / q_i) and a learnable positive q; it keeps the width of its input; bound 1.
/// </summary>
/// <param name="inner">The number of neurons (columns of W).</param>
public sealed class SllAttribute(int inner) : LipschitzLayerAttribute
{
    /// <summary>The number of neurons.</summary>
    public int Inner { get; } = inner;

    /// <summary>ReLU by default; any elementwise activation with slope in [0, 1] (not MaxMin or GroupSort).</summary>
    public Activation Activation { get; set; } = DefaultActivation;

    /// <summary>The activation when none is written.</summary>
    public const Activation DefaultActivation = Activation.ReLU;
}
