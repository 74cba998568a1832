using Lbdn.Training;
using static TorchSharp.torch;

namespace Lbdn.Cli;

/// <summary>The losses of <c>lbdn train --loss</c>.</summary>
internal static class ClassificationLoss
{
    /// <summary>The radius the offset cross-entropy trains for: eps = 1.58, the MNIST radius of Local-Lip and GloRo.</summary>
    public const double TargetRadius = 1.58;

    /// <summary>The names accepted by --loss.</summary>
    public static readonly string[] Names = ["offset-ce", "multi-margin", "ce", LocalLipLoss.Name];

    /// <summary>
    /// The loss named <paramref name="name"/>, or null for an unknown name. A margin m of an L-Lipschitz network certifies
    /// the l2 radius m / (sqrt(2) L), so offset-ce shifts the true logit by sqrt(2) * 1.58 * L to train for radius 1.58;
    /// without a bound (the MLP) it uses the LBDN recipe's offset 1.5 sqrt(2). Temperature 0.25 as in the recipe. For
    /// local-lip this is the test loss CE(z / 0.25); training uses its objective.
    /// </summary>
    public static Func<Tensor, Tensor, Tensor>? Find(string name, double? bound, double radius = TargetRadius)
    {
        var offset = bound is { } lipschitz ? Math.Sqrt(2) * radius * lipschitz : LbdnLosses.DefaultOffset;
        return name switch
        {
            "offset-ce" => (logits, labels) => LbdnLosses.OffsetCrossEntropy(logits, labels, offset),
            "multi-margin" => (logits, labels) => LbdnLosses.MultiMargin(logits, labels),
            "ce" => (logits, labels) => nn.functional.cross_entropy(logits, labels),
            LocalLipLoss.Name => (logits, labels) => nn.functional.cross_entropy(logits / 0.25, labels),
            _ => null,
        };
    }
}
