namespace Lbdn.Training;

/// <summary>The training state stored in a checkpoint next to the model and optimizer tensors.</summary>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="Step">Optimizer steps completed.</param>
/// <param name="Seed">The run's seed; each epoch's shuffle and torch generator derive from it and the epoch number.</param>
/// <param name="Epochs">The run's planned number of epochs.</param>
/// <param name="BatchSize">The run's batch size.</param>
/// <param name="PeakLearningRate">The run's schedule peak.</param>
/// <param name="TrainCount">The number of training samples.</param>
/// <param name="History">The records of the completed epochs.</param>
public sealed record CheckpointMetadata(
    int Epoch, long Step, int Seed, int Epochs, int BatchSize, double PeakLearningRate, long TrainCount,
    IReadOnlyList<EpochRecord> History);
