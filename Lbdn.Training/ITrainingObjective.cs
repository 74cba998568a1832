using static TorchSharp.torch;

namespace Lbdn.Training;

/// <summary>
/// The loss a <see cref="Trainer"/> minimises at each step, from the network, the batch, its labels and where the run
/// stands (for ramps): the hook for losses that need more than the logits, such as per-input local Lipschitz bounds.
/// </summary>
public interface ITrainingObjective
{
    /// <summary>The scalar loss of <paramref name="batch"/>, differentiable in the model's parameters.</summary>
    Tensor Loss(TrainingBatch batch);
}

/// <summary>An objective that is a loss of the logits z = model(x) and the labels only (offset cross-entropy, multi-margin, ...).</summary>
/// <param name="loss">The loss of (logits, labels).</param>
public sealed class LogitObjective(Func<Tensor, Tensor, Tensor> loss) : ITrainingObjective
{
    /// <inheritdoc />
    public Tensor Loss(TrainingBatch batch) => loss(batch.Model.call(batch.Inputs), batch.Labels);
}
