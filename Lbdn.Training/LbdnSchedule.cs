using TorchSharp;

namespace Lbdn.Training;

/// <summary>
/// The piecewise-linear learning-rate schedule of the LBDN paper (Wang and Manchester, ICML 2023):
/// 0 at step 0, rising to the peak at 2/5 of the steps, falling to peak/20 at 4/5, then to 0 at the last step.
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

    /// <summary>The learning rate for step <paramref name="step"/> (0-based; clamped to [0, TotalSteps]).</summary>
    public double LearningRate(long step)
    {
        // lr(u), u = t/T: linear interpolation through (0, 0), (2/5, peak), (4/5, peak/20), (1, 0)
        var u = Math.Clamp((double)step / TotalSteps, 0, 1);
        var peak = PeakLearningRate;
        if (u <= 0.4)
            return peak * u / 0.4;
        if (u <= 0.8)
            return peak + (peak / 20 - peak) * (u - 0.4) / 0.4;
        return peak / 20 * (1 - u) / 0.2;
    }

    /// <summary>Sets the learning rate of every parameter group of <paramref name="optimizer"/> for step <paramref name="step"/>; returns it.</summary>
    public double Apply(torch.optim.Optimizer optimizer, long step)
    {
        var rate = LearningRate(step);
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = rate;
        return rate;
    }
}
