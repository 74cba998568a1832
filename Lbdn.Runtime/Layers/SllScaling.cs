using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The diagonal T of an SDP-based Lipschitz layer (Araujo et al., ICLR 2023), returned as its inverse:
/// T_i = sum_j R_ij q_j / q_i + eps, where R (inner x inner) bounds |W^T W| row by row and q = exp(clamp(p, -30, 30)).
/// For every v, v^T W^T W v &lt;= sum_ij R_ij |v_i| |v_j| &lt;= sum_ij R_ij (q_j/q_i v_i^2 + q_i/q_j v_j^2) / 2 = sum_i (T_i - eps) v_i^2,
/// so T &gt;= W^T W, which makes x - 2 W T^-1 sigma(W^T x + b) 1-Lipschitz for slopes of sigma in [0, 1].
/// The clamp is part of the parameterisation (every p gives a positive q with ratios below e^60, so no 0 / 0 and no
/// 0 * inf), and eps only raises T, which keeps a zero column of W at a zero update instead of 0 / 0.
/// </summary>
internal static class SllScaling
{
    /// <summary>The absolute floor added to T.</summary>
    public const double Epsilon = 1e-12;

    /// <summary>The clamp of the log-parameter of q.</summary>
    public const double LogQLimit = 30;

    /// <summary>1 / T from the row bound <paramref name="absoluteGram"/> (inner x inner, non-negative) and the log-parameters of q.</summary>
    public static Tensor InverseT(Tensor absoluteGram, Tensor logQ)
    {
        using var scope = NewDisposeScope();
        var p = logQ.clamp(-LogQLimit, LogQLimit);

        // ratio_ij = q_j / q_i = exp(p_j - p_i).
        var ratio = (p.unsqueeze(0) - p.unsqueeze(1)).exp();
        var t = (absoluteGram * ratio).sum(1) + Epsilon;
        return t.reciprocal().MoveToOuterDisposeScope();
    }
}
