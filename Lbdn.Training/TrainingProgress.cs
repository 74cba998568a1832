namespace Lbdn.Training;

/// <summary>A progress report, sent after every optimizer step and once more at the end of every epoch.</summary>
/// <param name="Epoch">The current epoch, 1-based.</param>
/// <param name="Epochs">The number of epochs of the run.</param>
/// <param name="Step">Optimizer steps done in the run so far.</param>
/// <param name="TotalSteps">Optimizer steps of the whole run.</param>
/// <param name="StepsPerEpoch">Optimizer steps per epoch; the step within the epoch is Step - (Epoch - 1) * StepsPerEpoch.</param>
/// <param name="Loss">The loss of the latest batch.</param>
/// <param name="LearningRate">The learning rate of the latest step.</param>
/// <param name="SamplesPerSecond">Training throughput since this call of Fit began.</param>
/// <param name="Eta">Estimated time to finish the run at the current throughput.</param>
/// <param name="CompletedEpoch">The finished epoch's record in the end-of-epoch report, otherwise null.</param>
public sealed record TrainingProgress(
    int Epoch, int Epochs, long Step, long TotalSteps, long StepsPerEpoch, double Loss, double LearningRate,
    double SamplesPerSecond, TimeSpan Eta, EpochRecord? CompletedEpoch = null);
