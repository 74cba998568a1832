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
        var (lower, upper) = (state.Lower, state.Upper);
        switch (activation.Kind)
        {
            case Activation.MaxMin:
                state.Collected?.Add(new NeuronBounds(activation.Kind, lower, upper, state.Varying > 0));
                state.Settle(null);
                (state.Lower, state.Upper, state.Varying) = (OrderBounds.MaxMin(state.Lower, activation.Dim), OrderBounds.MaxMin(state.Upper, activation.Dim), AnyOfPair(state.Varying));
                break;
            case Activation.GroupSort:
                state.Collected?.Add(new NeuronBounds(activation.Kind, lower, upper, state.Varying > 0));
                state.Settle(null);
                (state.Lower, state.Upper, state.Varying) = (OrderBounds.GroupSort(state.Lower, activation.Dim), OrderBounds.GroupSort(state.Upper, activation.Dim), OrderBounds.Grouped(state.Varying, activation.Dim, g => g.amax([-1], keepdim: true).expand_as(g)));
                break;
            default:
                var mask = state.Varying * OrderBounds.MayVary(activation, state.Lower, state.Upper).to_type(state.Value.dtype);
                state.Collected?.Add(new NeuronBounds(activation.Kind, state.Lower, state.Upper, mask > 0, activation.Threshold));
                state.Settle(mask);
                (state.Lower, state.Upper, state.Varying) = (activation.call(state.Lower), activation.call(state.Upper), mask);
                break;
        }

        state.Value = activation.call(state.Value);
    }

    private Tensor AnyOfPair(Tensor mask)
    {
        var halves = mask.chunk(2, activation.Dim);
        var either = maximum(halves[0], halves[1]);
        return cat([either, either], activation.Dim);
    }
}
