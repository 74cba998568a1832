using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// What differentiable bound propagation knows after some stages: the image of the centres, a box containing the image of
/// each ball, and the l2 radius r of that image (infinite when unknown).
/// </summary>
/// <param name="Value">The image of the centres.</param>
/// <param name="Lower">Lower bounds.</param>
/// <param name="Upper">Upper bounds.</param>
/// <param name="Radius">||h(x') - h(x)|| &lt;= r on the ball.</param>
public sealed record IntervalBall(Tensor Value, Tensor Lower, Tensor Upper, double Radius)
{
    /// <summary>y = W h + b: the interval box intersected with the l2 box W h + b +- ||w_i|| r; the radius becomes unknown.</summary>
    public IntervalBall Affine(Tensor weight, Tensor? bias)
    {
        var value = nn.functional.linear(Value, weight, bias);
        var (centre, half) = Box((Lower + Upper) / 2, (Upper - Lower) / 2, weight, weight.abs(), bias);
        if (double.IsPositiveInfinity(Radius))
        {
            return new IntervalBall(value, centre - half, centre + half, double.PositiveInfinity);
        }

        var ballHalf = weight.norm(1, keepdim: false) * Radius;
        return new IntervalBall(value, maximum(centre - half, value - ballHalf), minimum(centre + half, value + ballHalf), double.PositiveInfinity);
    }

    /// <summary>
    /// sigma applied to centre and bounds (every activation is monotone in each argument, so [sigma(l), sigma(u)] bounds it);
    /// elementwise activations add their pre-activation bounds and varying mask to <paramref name="collected"/>.
    /// </summary>
    public IntervalBall Activated(LipschitzActivation sigma, IList<NeuronBounds> collected)
    {
        if (sigma.IsElementwise)
        {
            using (no_grad())
            {
                collected.Add(new NeuronBounds(sigma.Kind, Lower, Upper, sigma.MayVary(Lower, Upper), sigma.Threshold));
            }
        }

        return this with { Value = sigma.call(Value), Lower = sigma.call(Lower), Upper = sigma.call(Upper) };
    }

    /// <summary>y = c h: the box scales (swapping for c &lt; 0), the radius by |c|.</summary>
    public IntervalBall Scaled(double factor) => factor >= 0
        ? new IntervalBall(Value * factor, Lower * factor, Upper * factor, Radius * factor)
        : new IntervalBall(Value * factor, Upper * factor, Lower * factor, Radius * -factor);

    /// <summary>A reshape or permutation of coordinates, applied to everything; the radius is kept.</summary>
    public IntervalBall Rearranged(Func<Tensor, Tensor> rearrange) => this with { Value = rearrange(Value), Lower = rearrange(Lower), Upper = rearrange(Upper) };

    /// <summary>
    /// The box of y = W h + b over the box mu +- rho: centre W mu + b and half-width |W| rho (<paramref name="absoluteWeight"/>
    /// is |W|, passed so callers can keep it).
    /// </summary>
    internal static (Tensor Centre, Tensor Half) Box(Tensor mu, Tensor rho, Tensor weight, Tensor absoluteWeight, Tensor? bias) =>
        (nn.functional.linear(mu, weight, bias), nn.functional.linear(rho, absoluteWeight));
}
