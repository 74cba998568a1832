using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// The residual y = x + U sigma(V x + b) of an SDP-based Lipschitz layer over a ball. The layer is 1-Lipschitz, so the
/// radius is kept (local bound 1: the identity term alone has norm 1, so masking neurons cannot lower it in general), and
/// every output coordinate stays within the radius of the centre's image. The box is interval arithmetic: V's box
/// (centre V mu + b, half-width |V| rho), the monotone activation on its ends, U's box over those, added to the input box
/// (sound, though it ignores that x and the residual move together), intersected with the radius box and widened by the float slack.
/// </summary>
internal sealed class SllBallStep(FrozenSll layer) : IBallStep, IDisposable
{
    private readonly Tensor absoluteInner = layer.Inner.abs().DetachFromDisposeScope();
    private readonly Tensor absoluteOuter = layer.Outer.abs().DetachFromDisposeScope();
    private readonly Tensor absoluteBias = layer.Bias.abs().DetachFromDisposeScope();

    public void Propagate(BallState state)
    {
        state.Settle(null);
        var (mu, rho) = ((state.Lower + state.Upper) / 2, (state.Upper - state.Lower) / 2);
        var preCentre = layer.Into(mu, layer.Inner, layer.Bias);
        var preHalf = layer.Into(rho, absoluteInner, null);
        var preSlack = FloatSlack.Interval * layer.Into(mu.abs() + rho, absoluteInner, absoluteBias);
        var (low, high) = (layer.Sigma.call(preCentre - preHalf - preSlack), layer.Sigma.call(preCentre + preHalf + preSlack));

        var (neuronCentre, neuronHalf) = ((low + high) / 2, (high - low) / 2);
        var residualCentre = layer.Back(neuronCentre, layer.Outer);
        var residualHalf = layer.Back(neuronHalf, absoluteOuter);
        var value = layer.call(state.Value);
        var radius = state.Radius.reshape([-1, .. Enumerable.Repeat(1L, (int)value.dim() - 1)]);
        var slack = FloatSlack.Interval * (mu.abs() + rho + layer.Back(neuronCentre.abs() + neuronHalf, absoluteOuter) + value.abs() + radius);
        state.Lower = maximum(state.Lower + residualCentre - residualHalf, value - radius) - slack;
        state.Upper = minimum(state.Upper + residualCentre + residualHalf, value + radius) + slack;
        state.Value = value;
        state.Varying = ones_like(value);
    }

    public void Dispose()
    {
        absoluteInner.Dispose();
        absoluteOuter.Dispose();
        absoluteBias.Dispose();
    }
}
