using Lbdn.Certification;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Training;

/// <summary>
/// Training losses for certified robustness (Huang et al., NeurIPS 2021; Leino et al., GloRo), on logits z (N, C),
/// int64 labels y (N) and pair bounds K (N, C) with |delta (z_i - z_y)| &lt;= eps K_i within the eps-ball.
/// The LBDN losses (multi-margin, offset cross-entropy) live in <see cref="LbdnLosses"/>.
/// </summary>
public static class RobustnessLosses
{
    /// <summary>
    /// The worst-case logits: z_i + eps K_i for i != y, z_y unchanged. When the result's argmax is y, the prediction is
    /// certified.
    /// </summary>
    public static Tensor WorstLogits(Tensor logits, Tensor labels, Tensor pairBounds, double eps)
    {
        using var scope = NewDisposeScope();
        var others = 1 - nn.functional.one_hot(labels, logits.shape[1]).to_type(logits.dtype);
        return (logits + (eps * pairBounds * others)).MoveToOuterDisposeScope();
    }

    /// <summary>The Local-Lip loss kappa CE(z, y) + (1 - kappa) CE(z_worst, y).</summary>
    public static Tensor LocalLip(Tensor logits, Tensor labels, Tensor pairBounds, double eps, double kappa)
    {
        using var scope = NewDisposeScope();
        var worst = WorstLogits(logits, labels, pairBounds, eps);
        var loss = (kappa * nn.functional.cross_entropy(logits, labels)) + ((1 - kappa) * nn.functional.cross_entropy(worst, labels));
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>The GloRo loss: cross-entropy over the C logits plus the extra class max_{i != y} (z_i + eps K_i).</summary>
    public static Tensor GloRo(Tensor logits, Tensor labels, Tensor pairBounds, double eps)
    {
        using var scope = NewDisposeScope();
        var isLabel = nn.functional.one_hot(labels, logits.shape[1]).to_type(ScalarType.Bool);
        var worst = WorstLogits(logits, labels, pairBounds, eps).masked_fill(isLabel, double.NegativeInfinity).amax([1], keepdim: true);
        var loss = nn.functional.cross_entropy(cat([logits, worst], 1), labels);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The global pair bounds K_i = L_penultimate ||w_i - w_y||, differentiable through the live last weight W (C, features).
    /// </summary>
    public static Tensor GlobalPairBounds(Tensor lastWeight, double penultimateBound, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var differences = PairDifferences.Of(lastWeight, labels);

        // sqrt(sum d^2 + tiny) keeps the gradient finite at i = y, where the difference is zero.
        var norms = (differences.square().sum(-1) + 1e-12).sqrt();
        return (norms * penultimateBound).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The sparsity loss over pre-activation bounds: sum over layers of mean(relu(u)) + c mean(relu(theta - l)), the second
    /// term for clipped ReLUs only. It pushes neurons to be dead (u &lt;= 0) or saturated (l &gt;= theta) on the ball.
    /// </summary>
    public static Tensor Sparsity(IReadOnlyList<NeuronBounds> bounds, double c = 1.0)
    {
        using var scope = NewDisposeScope();
        var loss = bounds.Count > 0 ? zeros([], dtype: bounds[0].Upper.dtype, device: bounds[0].Upper.device) : zeros([]);
        foreach (var layer in bounds.Where(b => b.Kind is Activation.ReLU or Activation.ClippedReLU))
        {
            loss = loss + nn.functional.relu(layer.Upper).mean();
            if (layer.Kind == Activation.ClippedReLU)
            {
                loss = loss + (c * nn.functional.relu(layer.Threshold! - layer.Lower).mean());
            }
        }

        return loss.MoveToOuterDisposeScope();
    }
}
