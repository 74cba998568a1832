using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// y = W h + b over a ball (Huang et al. 2021): the interval box (<see cref="IntervalBall.Box"/>) intersected with
/// the l2 box (half-width ||w_i D_in|| r per row), widened by the float slack.
/// </summary>
internal sealed class AffineBallStep : IBallStep, IDisposable
{
    private readonly Tensor absoluteWeight;
    private readonly Tensor squaredWeight;
    private readonly Tensor? absoluteBias;

    public AffineBallStep(FrozenLinear linear)
    {
        Weight = linear.Weight;
        Bias = linear.Bias;
        absoluteWeight = Weight.abs().DetachFromDisposeScope();
        squaredWeight = Weight.square().DetachFromDisposeScope();
        absoluteBias = Bias?.abs().DetachFromDisposeScope();
        Norm = new MaskedSpectralNorm(Weight);
    }

    public Tensor Weight { get; }

    public Tensor? Bias { get; }

    public MaskedSpectralNorm Norm { get; }

    public void Propagate(BallState state)
    {
        state.Settle(null);
        var (mu, rho) = ((state.Lower + state.Upper) / 2, (state.Upper - state.Lower) / 2);
        var value = nn.functional.linear(state.Value, Weight, Bias);
        var (centre, boxHalf) = IntervalBall.Box(mu, rho, Weight, absoluteWeight, Bias);

        // |w_i^T (h' - h)| <= ||w_i D_in|| r: only varying inputs move.
        var ballHalf = state.Varying.matmul(squaredWeight.mT).sqrt() * state.Radius.unsqueeze(1);
        var slack = FloatSlack.Interval * (nn.functional.linear(mu.abs() + rho, absoluteWeight, absoluteBias) + ballHalf);
        state.Pending = new PendingAffine(this, state.Varying, state.Radius, state.Lower, state.Upper);
        state.Lower = maximum(centre - boxHalf, value - ballHalf) - slack;
        state.Upper = minimum(centre + boxHalf, value + ballHalf) + slack;
        state.Value = value;
        state.Varying = ones_like(value);
    }

    public void Dispose()
    {
        absoluteWeight.Dispose();
        squaredWeight.Dispose();
        absoluteBias?.Dispose();
        Norm.Dispose();
    }
}
