using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// The per-pair rules of a last affine step left pending at the end of a propagation, for the prediction y of each sample:
/// |(w_y - w_i)^T delta h| &lt;= ||(w_y - w_i) D_in|| r_in, and whether the interval lower bound of z_y - z_i over the input
/// box is positive. The pair rows w_y - w_i are formed once per predicted class, never per sample.
/// </summary>
internal static class PendingPairBounds
{
    /// <summary>The l2 pair bounds (widened by 1e-9) and the interval decisions, both [batch, classes].</summary>
    public static (Tensor Local, Tensor ByBox) Of(PendingAffine pending, Tensor predicted)
    {
        using var scope = NewDisposeScope();
        var (mu, rho) = ((pending.InputLower + pending.InputUpper) / 2, (pending.InputUpper - pending.InputLower) / 2);
        var (weight, bias) = (pending.Step.Weight, pending.Step.Bias);
        var (batch, classes) = (predicted.shape[0], weight.shape[0]);
        var (squares, centre, half, magnitude) = (Zeros(batch, classes, mu), Zeros(batch, classes, mu), Zeros(batch, classes, mu), Zeros(batch, classes, mu));
        foreach (var c in predicted.cpu().data<long>().Distinct().ToArray())
        {
            var rows = predicted.eq(c).nonzero().squeeze(1);
            var differences = weight[c] - weight;
            var absolute = differences.abs();
            var (m, r) = (mu.index_select(0, rows), rho.index_select(0, rows));
            var mask = pending.InputMask?.index_select(0, rows) ?? ones([rows.shape[0], weight.shape[1]], dtype: mu.dtype, device: mu.device);
            squares.index_copy_(0, rows, mask.matmul(differences.square().mT));
            centre.index_copy_(0, rows, m.matmul(differences.mT));
            half.index_copy_(0, rows, r.matmul(absolute.mT));
            magnitude.index_copy_(0, rows, (m.abs() + r).matmul(absolute.mT));
        }

        var local = squares.sqrt() * pending.InputRadius.unsqueeze(1) * (1 + FloatSlack.Interval);

        // min over the input box of (w_y - w_i)^T h + b_y - b_i = (w_y - w_i)^T mu + b_y - b_i - |w_y - w_i|^T rho > slack.
        if (bias is not null)
        {
            var biasDifference = PairDifferences.Of(bias, predicted);
            (centre, magnitude) = (centre + biasDifference, magnitude + biasDifference.abs());
        }

        var byBox = (centre - half) > (FloatSlack.Interval * magnitude) + FloatSlack.Absolute;
        return (local.MoveToOuterDisposeScope(), byBox.MoveToOuterDisposeScope());
    }

    private static Tensor Zeros(long batch, long classes, Tensor like) => zeros([batch, classes], dtype: like.dtype, device: like.device);
}
