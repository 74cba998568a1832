namespace Lbdn.Training;

/// <summary>
/// A value ramped linearly from <paramref name="Start"/> to <paramref name="End"/> over steps [Delay, Delay + Length],
/// constant outside: the eps and kappa schedules of Local-Lip training.
/// </summary>
/// <param name="Start">The value up to step <paramref name="Delay"/>.</param>
/// <param name="End">The value from step Delay + Length on.</param>
/// <param name="Length">Steps the ramp lasts.</param>
/// <param name="Delay">Steps before the ramp begins.</param>
public sealed record LinearRamp(double Start, double End, long Length, long Delay = 0)
{
    /// <summary>The value at 0-based <paramref name="step"/>: Start + (End - Start) clamp((step - Delay) / Length, 0, 1).</summary>
    public double At(long step)
    {
        var progress = Length <= 0 ? (step >= Delay ? 1.0 : 0.0) : Math.Clamp((double)(step - Delay) / Length, 0, 1);
        return Start + ((End - Start) * progress);
    }
}
