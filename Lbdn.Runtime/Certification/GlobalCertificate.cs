using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Certificates from the network's global l2 bound L: the prediction y = argmax z cannot change within radius eps when
/// z_y - z_i &gt; sqrt(2) L eps for every i != y, or, when the last affine weight W is known,
/// z_y - z_i &gt; eps L_penultimate ||w_y - w_i||.
/// </summary>
public static class GlobalCertificate
{
    /// <summary>The certified radius of each prediction, margin / (sqrt(2) L) with margin = z_y - max_{i != y} z_i, y = argmax z.</summary>
    public static Tensor Radius(Tensor logits, double bound)
    {
        using var scope = NewDisposeScope();
        var top2 = logits.topk(2, 1).values;
        var margin = top2[.., 0] - top2[.., 1];
        return (margin / (Math.Sqrt(2) * bound)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// True for each row whose prediction is certified at <paramref name="eps"/> by either global rule, with the
    /// <see cref="FloatSlack"/> margins; <paramref name="last"/> enables the per-pair rule. The slack covers float64
    /// logits such as <see cref="CertifiableNetwork.Logits"/> returns, not the rounding of a float32 forward pass.
    /// </summary>
    public static Tensor Certified(Tensor logits, double bound, double eps, LastAffine? last = null)
    {
        using var scope = NewDisposeScope();
        var z = logits.to_type(ScalarType.Float64);
        var predicted = z.argmax(1);
        var margins = z.gather(1, predicted.unsqueeze(1)) - z;
        var pairBound = PairBounds(predicted, z.shape[1], bound, eps, last);
        var isPredicted = nn.functional.one_hot(predicted, z.shape[1]).to_type(ScalarType.Bool);
        var certified = (FloatSlack.Exceeds(margins, pairBound) | isPredicted).all(1);
        return certified.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Upper bounds [batch, classes] on how much z_y - z_i can fall within radius eps: the smaller of sqrt(2) L eps and,
    /// with a known last layer, eps L_penultimate ||w_y - w_i||.
    /// </summary>
    public static Tensor PairBounds(Tensor predicted, long classes, double bound, double eps, LastAffine? last)
    {
        using var scope = NewDisposeScope();
        var global = full([predicted.shape[0], classes], Math.Sqrt(2) * bound * eps, dtype: ScalarType.Float64, device: predicted.device);
        if (last is not null)
        {
            // ||w_y - w_i|| L_penultimate eps, per pair.
            var norms = last.PairNorms.to(predicted.device).index_select(0, predicted);
            global = minimum(global, norms * (last.PenultimateBound * eps));
        }

        return global.MoveToOuterDisposeScope();
    }

    /// <summary>Fraction of <paramref name="labels"/> predicted correctly and certified at each radius, over batches.</summary>
    public static double[] CertifiedAccuracy(CertifiableNetwork network, Tensor inputs, Tensor labels, IReadOnlyList<double> radii, int batchSize = 500)
    {
        var counts = new long[radii.Count];
        var total = inputs.shape[0];
        for (long start = 0; start < total; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(batchSize, total - start);
            var z = network.Logits(inputs.narrow(0, start, length));
            var correct = z.argmax(1).eq(labels.narrow(0, start, length).to(z.device));
            for (var r = 0; r < radii.Count; r++)
            {
                counts[r] += (Certified(z, network.GlobalBound, radii[r], network.Last) & correct).sum().ToInt64();
            }
        }

        return [.. counts.Select(c => (double)c / total)];
    }
}
