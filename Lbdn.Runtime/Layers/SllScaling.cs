using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The diagonal T of an SDP-based Lipschitz layer (Araujo et al., ICLR 2023), returned as its inverse:
/// T_i = max(sum_j R_ij q_j / q_i, tiny), where R (inner x inner) bounds |W^T W| row by row, q = clamp(|p|, 1e-12, 1e12)
/// and tiny is the smallest normal number of the precision.
/// For every v, v^T W^T W v &lt;= sum_ij R_ij |v_i| |v_j| &lt;= sum_ij R_ij (q_j/q_i v_i^2 + q_i/q_j v_j^2) / 2 &lt;= sum_i T_i v_i^2,
/// so T &gt;= W^T W, which makes x - 2 W T^-1 sigma(W^T x + b) 1-Lipschitz for slopes of sigma in [0, 1].
/// q = |p| is the reference implementation's parameterisation (so its checkpoints map parameter for parameter); the clamp
/// is part of it (every p, zero and infinity included, gives a positive q with ratios below 1e24, so no 0 / 0 and no
/// 0 * inf), and the floor only raises T, which keeps a zero column of W at a zero update instead of 0 / 0 while leaving
/// every other T exactly the SLL value (the reference's formula with epsilon = 0).
/// </summary>
internal static class SllScaling
{
    /// <summary>The smallest q: |p| below it is raised to it.</summary>
    public const double MinimumQ = 1e-12;

    /// <summary>The largest q: |p| above it is lowered to it.</summary>
    public const double MaximumQ = 1e12;

    /// <summary>1 / T from the row bound <paramref name="absoluteGram"/> (inner x inner, non-negative) and the parameters p of q.</summary>
    public static Tensor InverseT(Tensor absoluteGram, Tensor qParameter)
    {
        using var scope = NewDisposeScope();
        var q = qParameter.abs().clamp(MinimumQ, MaximumQ);

        // ratio_ij = q_j / q_i.
        var ratio = q.unsqueeze(0) / q.unsqueeze(1);
        var tiny = absoluteGram.dtype == ScalarType.Float64 ? 2.2250738585072014E-308 : 1.17549435E-38;
        var t = (absoluteGram * ratio).sum(1).clamp_min(tiny);
        return t.reciprocal().MoveToOuterDisposeScope();
    }
}
