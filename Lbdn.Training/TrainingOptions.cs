using static TorchSharp.torch;

namespace Lbdn.Training;

/// <summary>How a <see cref="Trainer"/> trains; the defaults are the LBDN recipe (Adam, peak lr 0.01, batch 256).</summary>
public sealed record TrainingOptions
{
    /// <summary>The number of passes over the training set.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per optimizer step; the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>The peak of the <see cref="LbdnSchedule"/>.</summary>
    public double PeakLearningRate { get; init; } = 0.01;

    /// <summary>Seeds the per-epoch shuffling and the torch generator at each epoch start (dropout and the like).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The loss of (model output, target) batches, a scalar tensor; the LBDN offset cross-entropy by default.</summary>
    public Func<Tensor, Tensor, Tensor> Loss { get; init; } = (logits, labels) => LbdnLosses.OffsetCrossEntropy(logits, labels);

    /// <summary>
    /// The loss minimised at each step, which sees the network, the batch, its labels and the epoch; null trains on
    /// <see cref="Loss"/> of the logits. <see cref="Loss"/> stays the test loss reported after each epoch.
    /// </summary>
    public ITrainingObjective? Objective { get; init; }

    /// <summary>When set, a checkpoint is written (atomically) to this file after every epoch.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Batch size used for evaluation.</summary>
    public int EvaluationBatchSize { get; init; } = 1024;
}
