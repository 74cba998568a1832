namespace Lbdn.Training;

/// <summary>What one epoch achieved.</summary>
/// <param name="Epoch">The epoch, 1-based.</param>
/// <param name="TrainLoss">The mean batch loss over the epoch's training batches.</param>
/// <param name="TestLoss">The mean loss on the test set, or null without a test set.</param>
/// <param name="TestAccuracy">The test accuracy in [0, 1] (argmax of the output equals the label), or null without a test set or for non-class targets.</param>
/// <param name="LearningRate">The learning rate of the epoch's last step.</param>
/// <param name="Seconds">Wall-clock seconds the epoch took, evaluation included.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double? TestLoss, double? TestAccuracy, double LearningRate, double Seconds);
