using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// The safety margins that make float64 certificates sound: margins and bounds are computed in float64 (forward passes
/// of a float32 network can be off by about 1e-6 relative), so a pair is certified only when
/// margin &gt; bound (1 + 1e-6) + 1e-9, and every interval is widened by 1e-9 times the magnitude of what was summed.
/// </summary>
public static class FloatSlack
{
    /// <summary>Relative slack on a certified bound.</summary>
    public const double Relative = 1e-6;

    /// <summary>Absolute slack on a certified margin.</summary>
    public const double Absolute = 1e-9;

    /// <summary>Relative widening of intervals: far above the rounding error of float64 sums of up to 10^6 terms.</summary>
    public const double Interval = 1e-9;

    /// <summary>True where <paramref name="margin"/> &gt; <paramref name="bound"/> (1 + 1e-6) + 1e-9.</summary>
    public static Tensor Exceeds(Tensor margin, Tensor bound) => margin > (bound * (1 + Relative)) + Absolute;
}
