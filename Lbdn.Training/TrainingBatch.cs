using static TorchSharp.torch;

namespace Lbdn.Training;

/// <summary>What a <see cref="ITrainingObjective"/> sees at one optimiser step.</summary>
/// <param name="Model">The network being trained (in training mode).</param>
/// <param name="Inputs">The batch of inputs.</param>
/// <param name="Labels">The batch's targets (int64 labels for classification).</param>
/// <param name="Epoch">The 1-based epoch.</param>
/// <param name="Step">The 0-based optimiser step over the whole run.</param>
/// <param name="TotalSteps">Optimiser steps of the whole run, for ramps.</param>
public sealed record TrainingBatch(nn.Module<Tensor, Tensor> Model, Tensor Inputs, Tensor Labels, int Epoch, long Step, long TotalSteps)
{
    /// <summary>Fraction of the run done before this step, Step / TotalSteps, in [0, 1).</summary>
    public double Progress => TotalSteps <= 0 ? 0 : (double)Step / TotalSteps;
}
