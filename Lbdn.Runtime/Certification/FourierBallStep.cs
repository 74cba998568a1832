using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// A circular convolution over a ball: the interval box through the spatial kernel (centre k * mu + b, half-width
/// |k| * rho) intersected with the l2 box (half-width ||row_o|| r); the radius grows by the exact unmasked operator norm.
/// </summary>
internal sealed class FourierBallStep(CirculantBounds conv) : IBallStep, IDisposable
{
    public void Propagate(BallState state)
    {
        state.Settle(null);
        var (mu, rho) = ((state.Lower + state.Upper) / 2, (state.Upper - state.Lower) / 2);
        var value = conv.Apply(state.Value);
        var centre = conv.Apply(mu);
        var boxHalf = conv.ApplyAbsolute(rho);
        var ballHalf = conv.RowNorms * state.Radius.reshape(-1, 1, 1, 1);

        // FFT rounding scales with the whole signal, so the slack includes ||k|| ||(|mu| + rho)||.
        var magnitude = mu.abs() + rho;
        var global = magnitude.flatten(1).norm(1).reshape(-1, 1, 1, 1) * conv.OperatorNorm;
        var slack = FloatSlack.Interval * (conv.ApplyAbsolute(magnitude) + conv.AbsoluteBias(value) + global + ballHalf);
        state.Lower = maximum(centre - boxHalf, value - ballHalf) - slack;
        state.Upper = minimum(centre + boxHalf, value + ballHalf) + slack;
        state.Value = value;
        state.Varying = ones_like(value);
        state.Radius = state.Radius * conv.OperatorNorm;
    }

    public void Dispose() => conv.Dispose();
}
