using System.Numerics.Tensors;

namespace Lbdn.Inference;

/// <summary>
/// The certificate rule of Lbdn.Runtime (GlobalCertificate with FloatSlack): class y = argmax z is certified at radius eps
/// when z_y - z_i &gt; b_i eps (1 + 1e-6) + 1e-9 for every i != y, with b_i = min(sqrt(2) L, L_penultimate ||w_y - w_i||)
/// (the second term only when the last affine weight W is known). The margins are first lowered by a bound on the
/// rounding error of the float64 logits.
/// </summary>
internal sealed class PairCertificate
{
    /// <summary>Relative slack on a certified bound (FloatSlack.Relative).</summary>
    public const double Relative = 1e-6;

    /// <summary>Absolute slack on a certified margin (FloatSlack.Absolute).</summary>
    public const double Absolute = 1e-9;

    private readonly int classes;
    private readonly double[] pairBounds;

    public PairCertificate(double bound, int classes, double? penultimate, double[]? lastWeight)
    {
        this.classes = classes;
        pairBounds = new double[classes * classes];
        var global = Math.Sqrt(2) * bound;
        var features = lastWeight is null ? 0 : lastWeight.Length / classes;
        for (var y = 0; y < classes; y++)
        {
            for (var i = 0; i < classes; i++)
            {
                var b = global;
                if (penultimate is { } l && lastWeight is not null)
                {
                    // L_penultimate ||w_y - w_i||, rounded up by a relative gamma.
                    var distance = TensorPrimitives.Distance<double>(lastWeight.AsSpan(y * features, features), lastWeight.AsSpan(i * features, features));
                    b = Math.Min(b, l * distance * (1 + Steps.Rounding.Gamma((2 * features) + 4)));
                }

                pairBounds[(y * classes) + i] = b;
            }
        }
    }

    /// <summary>
    /// The largest eps the rule certifies for the lowered margins: min over i != y of (z_y - z_i - slack - 1e-9) / (b_i (1 + 1e-6)),
    /// at least 0. <paramref name="slack"/> bounds |(z_y - z_i) - exact| for every pair.
    /// </summary>
    public double Radius(ReadOnlySpan<double> logits, int label, double slack)
    {
        var radius = double.PositiveInfinity;
        for (var i = 0; i < classes; i++)
        {
            if (i != label)
            {
                var margin = logits[label] - logits[i] - slack - Absolute;
                radius = Math.Min(radius, margin / (pairBounds[(label * classes) + i] * (1 + Relative)) * (1 - (4 * Steps.Rounding.Unit)));
            }
        }

        return radius > 0 ? radius : 0;
    }
}
