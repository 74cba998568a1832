using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// An activation over a ball. Elementwise ones are monotone, so the box maps to [sigma(l), sigma(u)]; a ReLU with
/// u &lt;= 0 and a clipped ReLU with u &lt;= 0 or l &gt;= theta are constant on the ball and masked out of the local norm.
/// MaxMin and GroupSort bound order statistics by the sorted bounds and are 1-Lipschitz, so the radius is kept.
/// </summary>
internal sealed class ActivationBallStep(LipschitzActivation activation) : IBallStep
{
    public void Propagate(BallState state)
    {
        switch (activation.Kind)
        {
            case Activation.MaxMin:
                state.Settle(null);
                (state.Lower, state.Upper, state.Varying) = (MaxMin(state.Lower), MaxMin(state.Upper), AnyOfPair(state.Varying));
                break;
            case Activation.GroupSort:
                state.Settle(null);
                (state.Lower, state.Upper, state.Varying) = (Grouped(state.Lower, g => g.sort(-1, descending: true).Values), Grouped(state.Upper, g => g.sort(-1, descending: true).Values), Grouped(state.Varying, g => g.amax([-1], keepdim: true).expand_as(g)));
                break;
            default:
                var mask = state.Varying * MayVary(state.Lower, state.Upper).to_type(state.Value.dtype);
                state.Collected?.Add(new NeuronBounds(activation.Kind, state.Lower, state.Upper, mask > 0));
                state.Settle(mask);
                (state.Lower, state.Upper, state.Varying) = (activation.call(state.Lower), activation.call(state.Upper), mask);
                break;
        }

        state.Value = activation.call(state.Value);
    }

    public void Dispose()
    {
    }

    // Dead: u <= 0 (ReLU, clipped ReLU); saturated: l >= theta (clipped ReLU). Other kinds are never constant.
    private Tensor MayVary(Tensor lower, Tensor upper) => activation.Kind switch
    {
        Activation.ReLU => upper > 0,
        Activation.ClippedReLU => (upper > 0) & (lower < activation.Threshold!),
        _ => ones_like(upper, dtype: ScalarType.Bool),
    };

    // [max(a, b), min(a, b)] over the halves a, b along the neuron dimension.
    private Tensor MaxMin(Tensor bound)
    {
        var halves = bound.chunk(2, activation.Dim);
        return cat([maximum(halves[0], halves[1]), minimum(halves[0], halves[1])], activation.Dim);
    }

    private Tensor AnyOfPair(Tensor mask)
    {
        var halves = mask.chunk(2, activation.Dim);
        var either = maximum(halves[0], halves[1]);
        return cat([either, either], activation.Dim);
    }

    private Tensor Grouped(Tensor bound, Func<Tensor, Tensor> perGroup)
    {
        var moved = bound.transpose(activation.Dim, -1);
        var shape = moved.shape;
        var groups = moved.reshape([.. shape[..^1], shape[^1] / LipschitzActivation.GroupSize, LipschitzActivation.GroupSize]);
        return perGroup(groups).reshape(shape).transpose(-1, activation.Dim);
    }
}
