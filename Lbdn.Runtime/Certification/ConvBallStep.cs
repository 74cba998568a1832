using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// A zero-padded convolution y = conv(x, K) + b over a ball: the interval box (centre conv(mu, K) + b, half-width
/// conv(rho, |K|)) intersected with the l2 box (an output moves by at most ||K_o||_F r, since its row of the matrix holds
/// a subset of output channel o's taps), widened by the float slack; the radius is multiplied by the proven norm bound.
/// </summary>
internal sealed class ConvBallStep(FrozenConv conv) : IBallStep, IDisposable
{
    private readonly Tensor absoluteKernel = conv.Kernel.abs().DetachFromDisposeScope();
    private readonly Tensor rowNorms = conv.Kernel.flatten(1).norm(1).reshape(1, -1, 1, 1).DetachFromDisposeScope();
    private readonly Tensor? absoluteBias = conv.Bias?.abs().DetachFromDisposeScope();

    public void Propagate(BallState state)
    {
        state.Settle(null);
        var (mu, rho) = ((state.Lower + state.Upper) / 2, (state.Upper - state.Lower) / 2);
        var value = conv.call(state.Value);
        var centre = FrozenConv.Apply(mu, conv.Kernel, conv.Bias);
        var boxHalf = FrozenConv.Apply(rho, absoluteKernel, null);
        var ballHalf = rowNorms * state.Radius.reshape(-1, 1, 1, 1);
        var slack = FloatSlack.Interval * (FrozenConv.Apply(mu.abs() + rho, absoluteKernel, absoluteBias) + ballHalf);
        state.Lower = maximum(centre - boxHalf, value - ballHalf) - slack;
        state.Upper = minimum(centre + boxHalf, value + ballHalf) + slack;
        state.Value = value;
        state.Varying = ones_like(value);
        state.Radius = state.Radius * conv.NormBound;
    }

    public void Dispose()
    {
        absoluteKernel.Dispose();
        rowNorms.Dispose();
        absoluteBias?.Dispose();
    }
}
