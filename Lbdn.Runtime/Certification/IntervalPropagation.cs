using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Differentiable bound propagation of the l2 ball of radius eps through the live stages of a dense network (scales,
/// sandwich, dense and orthogonal layers, sandwich output layers, flatten): the box [x - eps, x + eps] maps through
/// y = W h + b to centre W mu + b and half-width |W| rho, intersected with the l2 box W h + b +- ||w_i|| r, r = eps times
/// the global bounds of the stages before; monotone activations map boxes elementwise. Gradients reach every parameter,
/// so losses on the bounds (such as <c>Lbdn.Training.RobustnessLosses.Sparsity</c>) can be trained.
/// </summary>
public static class IntervalPropagation
{
    /// <summary>The pre-activation bounds of every elementwise activation of <paramref name="network"/> over the l-infinity box of radius eps.</summary>
    /// <exception cref="NotSupportedException">A stage is a convolution or of an unknown kind.</exception>
    public static IReadOnlyList<NeuronBounds> PreActivationBounds(ILipschitzNetwork network, Tensor inputs, double eps) =>
        Propagate(network, inputs, eps).Bounds;

    /// <summary>The network's output on <paramref name="inputs"/> (differentiable) and the pre-activation bounds, in one pass.</summary>
    /// <exception cref="NotSupportedException">A stage is a convolution or of an unknown kind.</exception>
    public static (Tensor Output, IReadOnlyList<NeuronBounds> Bounds) Propagate(ILipschitzNetwork network, Tensor inputs, double eps)
    {
        var collected = new List<NeuronBounds>();
        var ball = new Ball(inputs, inputs - eps, inputs + eps, eps);
        foreach (var stage in network.Stages)
        {
            var (value, (lower, upper)) = stage switch
            {
                LipschitzScale scale => (ball.Value * scale.Factor, Scaled(ball.Lower, ball.Upper, scale.Factor)),
                Flatten => (ball.Value.flatten(1), (ball.Lower.flatten(1), ball.Upper.flatten(1))),
                SandwichLayer sandwich => Sandwich(sandwich, ball, collected),
                DenseLayer dense => Activated(dense.Sigma, Affine(ball, dense.Weight(), dense.Bias), collected),
                OrthogonalLinear orthogonal => Activated(orthogonal.Sigma, Affine(ball, orthogonal.Weight(), orthogonal.Bias), collected),
                SandwichLinear linear => Affine(ball, linear.Weight(), linear.Bias),
                _ => throw new NotSupportedException($"Interval propagation supports dense stages only, not {stage.GetType().Name}."),
            };
            ball = new Ball(value, lower, upper, ball.Radius * ((ILipschitzModule)stage).LipschitzBound);
        }

        return (ball.Value, collected);
    }

    // h_out = sqrt(2) A^T Psi sigma(sqrt(2) Psi^-1 B h_in + b): box through W_in, sigma, then W_out (whose ball radius is
    // unknown inside the layer, so only the interval box is used there).
    private static (Tensor Value, (Tensor Lower, Tensor Upper) Box) Sandwich(SandwichLayer layer, Ball ball, List<NeuronBounds> collected)
    {
        var (a, b) = layer.Factors();
        var psi = layer.Psi();
        var (value, inner) = Activated(layer.Sigma, Affine(ball, Math.Sqrt(2) * b / psi.unsqueeze(1), layer.Bias), collected);
        var outer = Math.Sqrt(2) * a.mT * psi.unsqueeze(0);
        var unbounded = new Ball(value, inner.Lower, inner.Upper, double.PositiveInfinity);
        return Affine(unbounded, outer, null);
    }

    // Interval box: centre W mu + b, half-width |W| rho; l2 box: W h + b +- ||w_i|| r; their intersection.
    private static (Tensor Value, (Tensor Lower, Tensor Upper) Box) Affine(Ball ball, Tensor weight, Tensor? bias)
    {
        var value = nn.functional.linear(ball.Value, weight, bias);
        var centre = nn.functional.linear((ball.Lower + ball.Upper) / 2, weight, bias);
        var half = nn.functional.linear((ball.Upper - ball.Lower) / 2, weight.abs());
        if (double.IsPositiveInfinity(ball.Radius))
        {
            return (value, (centre - half, centre + half));
        }

        var ballHalf = weight.norm(1, keepdim: false) * ball.Radius;
        return (value, (maximum(centre - half, value - ballHalf), minimum(centre + half, value + ballHalf)));
    }

    private static (Tensor Lower, Tensor Upper) Scaled(Tensor lower, Tensor upper, double factor) =>
        factor >= 0 ? (lower * factor, upper * factor) : (upper * factor, lower * factor);

    private static (Tensor Value, (Tensor Lower, Tensor Upper) Box) Activated(LipschitzActivation sigma, (Tensor Value, (Tensor Lower, Tensor Upper) Box) pre, List<NeuronBounds> collected)
    {
        var (value, (lower, upper)) = pre;
        switch (sigma.Kind)
        {
            case Activation.MaxMin:
                return (sigma.call(value), (OrderBounds.MaxMin(lower, sigma.Dim), OrderBounds.MaxMin(upper, sigma.Dim)));
            case Activation.GroupSort:
                return (sigma.call(value), (OrderBounds.GroupSort(lower, sigma.Dim), OrderBounds.GroupSort(upper, sigma.Dim)));
            default:
                using (no_grad())
                {
                    collected.Add(new NeuronBounds(sigma.Kind, lower, upper, OrderBounds.MayVary(sigma, lower, upper), sigma.Threshold));
                }

                return (sigma.call(value), (sigma.call(lower), sigma.call(upper)));
        }
    }

    /// <summary>The centre's image, a box and the l2 radius of the ball's image (infinite when unknown).</summary>
    private sealed record Ball(Tensor Value, Tensor Lower, Tensor Upper, double Radius);
}
