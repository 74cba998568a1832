using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>y = c x over a ball: the box scales (and swaps for c &lt; 0), the radius scales by |c|, a ball's box stays one.</summary>
internal sealed class ScaleBallStep(double factor) : IBallStep
{
    public void Propagate(BallState state)
    {
        state.Settle(null);
        var box = state.BallBox * Math.Abs(factor);
        var (lower, upper) = (state.Lower * factor, state.Upper * factor);
        (state.Lower, state.Upper) = factor >= 0 ? (lower, upper) : (upper, lower);
        state.BallBox = box;
        state.Value = state.Value * factor;
        state.Radius = state.Radius * Math.Abs(factor);
    }
}

/// <summary>A reshape or permutation of coordinates (flatten, space-to-depth): an isometry, applied to everything (a ball's box stays one).</summary>
internal sealed class RearrangeBallStep(Func<Tensor, Tensor> rearrange) : IBallStep
{
    public void Propagate(BallState state) => state.Rearrange(rearrange);
}

/// <summary>
/// Non-overlapping k x k average pooling over a ball: monotone, so the box pools exactly; each output moves by at most
/// ||window|| / k, so the l2 box has half-width r / k and the radius becomes r / k.
/// </summary>
internal sealed class PoolBallStep(long kernel) : IBallStep
{
    public void Propagate(BallState state)
    {
        state.Settle(null);
        var value = nn.functional.avg_pool2d(state.Value, kernel, kernel);
        var lower = nn.functional.avg_pool2d(state.Lower, kernel, kernel);
        var upper = nn.functional.avg_pool2d(state.Upper, kernel, kernel);
        var radius = state.Radius / kernel;
        var ballHalf = radius.reshape(-1, 1, 1, 1) * (1 + FloatSlack.Interval);
        var slack = FloatSlack.Interval * (lower.abs() + upper.abs());
        state.Lower = maximum(lower, value - ballHalf) - slack;
        state.Upper = minimum(upper, value + ballHalf) + slack;
        state.Varying = nn.functional.max_pool2d(state.Varying, kernel, kernel);
        state.Value = value;
        state.Radius = radius;
    }
}
