using TorchSharp;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Lbdn.Training;

/// <summary>
/// The piecewise-linear learning-rate schedule of the LBDN paper (Wang and Manchester, ICML 2023):
/// 0 at step 0, rising to the peak at 2/5 of the steps, falling to peak/20 at 4/5, then to 0 at the last step.
/// An optimizer follows it through TorchSharp's <c>LambdaLR</c> (<see cref="Scheduler"/>).
/// </summary>
public sealed class LbdnSchedule
{
    /// <summary>Creates the schedule for a run of <paramref name="totalSteps"/> optimizer steps.</summary>
    public LbdnSchedule(double peakLearningRate, long totalSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(peakLearningRate);
        PeakLearningRate = peakLearningRate;
        TotalSteps = totalSteps;
    }

    /// <summary>The learning rate at 2/5 of the run.</summary>
    public double PeakLearningRate { get; }

    /// <summary>The number of optimizer steps of the whole run.</summary>
    public long TotalSteps { get; }

    /// <summary>The learning rate for step <paramref name="step"/> (0-based; clamped to [0, TotalSteps]): the peak times <see cref="Factor"/>.</summary>
    public double LearningRate(long step) => PeakLearningRate * Factor(step);

    /// <summary>The fraction of the peak at step <paramref name="step"/> (0-based; clamped to [0, TotalSteps]).</summary>
    public double Factor(long step)
    {
        // f(u), u = t/T: linear interpolation through (0, 0), (2/5, 1), (4/5, 1/20), (1, 0)
        var u = Math.Clamp((double)step / TotalSteps, 0, 1);
        if (u <= 0.4)
        {
            return u / 0.4;
        }

        if (u <= 0.8)
        {
            return 1 + (1.0 / 20 - 1) * (u - 0.4) / 0.4;
        }

        return 1.0 / 20 * (1 - u) / 0.2;
    }

    /// <summary>
    /// A TorchSharp <c>LambdaLR</c> that sets every parameter group of <paramref name="optimizer"/> to
    /// <see cref="LearningRate"/> of <paramref name="firstStep"/> now, and of the next step at each <c>step()</c>; call
    /// <c>step()</c> after every optimizer step. The optimizer must have been created with the peak as its learning rate.
    /// </summary>
    /// <exception cref="ArgumentException">The optimizer's initial learning rate is not <see cref="PeakLearningRate"/>.</exception>
    public LRScheduler Scheduler(torch.optim.Optimizer optimizer, long firstStep = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TotalSteps, int.MaxValue);
        ArgumentOutOfRangeException.ThrowIfNegative(firstStep);
        if (optimizer.ParamGroups.FirstOrDefault(group => group.InitialLearningRate != PeakLearningRate) is { } other)
        {
            throw new ArgumentException(
                $"LambdaLR scales the optimizer's initial learning rate {other.InitialLearningRate}, but the schedule's peak is {PeakLearningRate}: create the optimizer with lr = {PeakLearningRate}.",
                nameof(optimizer));
        }

        return LambdaLR(optimizer, step => Factor(step), last_epoch: (int)Math.Min(firstStep, TotalSteps) - 1);
    }
}
