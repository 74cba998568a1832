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
    private readonly Tensor rowAbsolute;
    private readonly Tensor rowNorms;

    public AffineBallStep(FrozenLinear linear)
    {
        Weight = linear.Weight;
        Bias = linear.Bias;
        absoluteWeight = Weight.abs().DetachFromDisposeScope();
        squaredWeight = Weight.square().DetachFromDisposeScope();
        absoluteBias = Bias?.abs().DetachFromDisposeScope();
        rowAbsolute = absoluteWeight.sum(1L).DetachFromDisposeScope();
        rowNorms = squaredWeight.sum(1L).sqrt().DetachFromDisposeScope();
        Norm = new MaskedSpectralNorm(Weight);
    }

    public Tensor Weight { get; }

    public Tensor? Bias { get; }

    public MaskedSpectralNorm Norm { get; }

    public void Propagate(BallState state)
    {
        state.Settle(null);
        var value = nn.functional.linear(state.Value, Weight, Bias);
        var (centre, boxHalf, ballHalf, slack) = state.BallBox is { } radius ? OfBall(state, value, radius) : OfBox(state);
        state.Pending = new PendingAffine(this, state.BallBox is null ? state.Varying : null, state.Radius, state.Lower, state.Upper);
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
        rowAbsolute.Dispose();
        rowNorms.Dispose();
        Norm.Dispose();
    }

    // The box centre W mu + b and half-width |W| rho; |w_i^T (h' - h)| <= ||w_i D_in|| r: only varying inputs move.
    private (Tensor Centre, Tensor BoxHalf, Tensor BallHalf, Tensor Slack) OfBox(BallState state)
    {
        var (mu, rho) = ((state.Lower + state.Upper) / 2, (state.Upper - state.Lower) / 2);
        var (centre, boxHalf) = IntervalBall.Box(mu, rho, Weight, absoluteWeight, Bias);
        var ballHalf = state.Varying.matmul(squaredWeight.mT).sqrt() * state.Radius.unsqueeze(1);
        var slack = FloatSlack.Interval * (nn.functional.linear(mu.abs() + rho, absoluteWeight, absoluteBias) + ballHalf);
        return (centre, boxHalf, ballHalf, slack);
    }

    // The same on the ball's own box x -+ r: centre W x + b, half-width r sum_j |W_ij|, and ||w_i|| r.
    private (Tensor Centre, Tensor BoxHalf, Tensor BallHalf, Tensor Slack) OfBall(BallState state, Tensor value, double radius)
    {
        var (boxHalf, ballHalf) = (rowAbsolute * radius, rowNorms * state.Radius.unsqueeze(1));
        var slack = FloatSlack.Interval * (nn.functional.linear(state.Value.abs() + radius, absoluteWeight, absoluteBias) + ballHalf);
        return (value, boxHalf, ballHalf, slack);
    }
}
