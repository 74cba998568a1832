using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// An activation over a ball. Every kind is monotone in each argument, so the box maps to [sigma(l), sigma(u)]. Elementwise
/// kinds mark the neurons constant on the ball (<see cref="LipschitzActivation.MayVary"/>), which the pending affine radius is
/// masked with; sorting kinds (MaxMin, GroupSort) are 1-Lipschitz and mix neurons, so the radius is kept unmasked.
/// </summary>
internal sealed class ActivationBallStep(LipschitzActivation activation) : IBallStep
{
    public int Activations => 1;

    public void Propagate(BallState state)
    {
        var (lower, upper) = (state.Lower, state.Upper);
        if (activation.IsElementwise)
        {
            var mask = state.Varying * activation.MayVary(lower, upper).to_type(state.Value.dtype);
            state.Collected?.Add(new NeuronBounds(activation.Kind, lower, upper, mask > 0, activation.Threshold));
            state.Settle(mask);
            state.Varying = mask;
        }
        else
        {
            state.Collected?.Add(new NeuronBounds(activation.Kind, lower, upper, state.Varying > 0));
            state.Settle(null);
            state.Varying = activation.VaryingOutputs(state.Varying);
        }

        (state.Lower, state.Upper) = (activation.call(lower), activation.call(upper));
        state.Value = activation.call(state.Value);
    }
}
