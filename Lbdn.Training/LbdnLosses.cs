using static TorchSharp.torch;

namespace Lbdn.Training;

/// <summary>The classification losses of the LBDN paper, on logits z of shape (N, C) and int64 labels y of shape (N).</summary>
public static class LbdnLosses
{
    /// <summary>The margin of the LBDN recipe's multi-margin loss.</summary>
    public const double DefaultMargin = 0.5;

    /// <summary>The logit offset of the LBDN recipe, 1.5 sqrt(2).</summary>
    public const double DefaultOffset = 2.121320343559643;

    /// <summary>The temperature of the LBDN recipe's cross-entropy.</summary>
    public const double DefaultTemperature = 0.25;

    /// <summary>
    /// Multi-class hinge loss, TorchSharp's multi_margin_loss with p = 1:
    /// mean over n of (1/C) sum over i != y_n of max(0, margin - z[n, y_n] + z[n, i]).
    /// </summary>
    public static Tensor MultiMargin(Tensor logits, Tensor labels, double margin = DefaultMargin) =>
        nn.functional.multi_margin_loss(logits, labels, p: 1, margin: margin);

    /// <summary>
    /// Cross-entropy on offset, tempered logits: mean over n of CE((z_n - offset * onehot(y_n)) / T, y_n),
    /// with CE(s, y) = -s_y + log sum_i exp(s_i). The LBDN recipe uses offset 1.5 sqrt(2) and T = 0.25.
    /// </summary>
    public static Tensor OffsetCrossEntropy(Tensor logits, Tensor labels, double offset = DefaultOffset, double temperature = DefaultTemperature)
    {
        using var scope = NewDisposeScope();
        var shifted = logits - offset * nn.functional.one_hot(labels, logits.shape[1]).to_type(logits.dtype);
        var loss = nn.functional.cross_entropy(shifted / temperature, labels);
        return loss.MoveToOuterDisposeScope();
    }
}
