using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Differentiable interval bound propagation through the live stages of a dense network (scales, sandwich, dense and
/// orthogonal layers, sandwich output layers, flatten): the box [x - eps, x + eps] maps through y = W h + b to centre
/// W mu + b and half-width |W| rho, and through monotone activations elementwise. Gradients reach every parameter, so
/// losses on the bounds (such as <see cref="RobustnessLosses.Sparsity"/>) can be trained.
/// </summary>
public static class IntervalPropagation
{
    /// <summary>The pre-activation bounds of every elementwise activation of <paramref name="network"/> over the l-infinity box of radius eps.</summary>
    /// <exception cref="NotSupportedException">A stage is a convolution or of an unknown kind.</exception>
    public static IReadOnlyList<NeuronBounds> PreActivationBounds(ILipschitzNetwork network, Tensor inputs, double eps)
    {
        var collected = new List<NeuronBounds>();
        var (lower, upper) = (inputs - eps, inputs + eps);
        foreach (var stage in network.Stages)
        {
            (lower, upper) = stage switch
            {
                LipschitzScale scale => Scaled(lower, upper, scale.Factor),
                Flatten => (lower.flatten(1), upper.flatten(1)),
                SandwichLayer sandwich => Sandwich(sandwich, lower, upper, collected),
                DenseLayer dense => Activated(dense.Sigma, Affine(lower, upper, dense.Weight(), dense.Bias), collected),
                OrthogonalLinear orthogonal => Activated(orthogonal.Sigma, Affine(lower, upper, orthogonal.Weight(), orthogonal.Bias), collected),
                SandwichLinear linear => Affine(lower, upper, linear.Weight(), linear.Bias),
                _ => throw new NotSupportedException($"Interval propagation supports dense stages only, not {stage.GetType().Name}."),
            };
        }

        return collected;
    }

    // h_out = sqrt(2) A^T Psi sigma(sqrt(2) Psi^-1 B h_in + b): box through W_in, sigma, then W_out.
    private static (Tensor Lower, Tensor Upper) Sandwich(SandwichLayer layer, Tensor lower, Tensor upper, List<NeuronBounds> collected)
    {
        var (a, b) = layer.Factors();
        var psi = layer.Psi();
        var inner = Affine(lower, upper, Math.Sqrt(2) * b / psi.unsqueeze(1), layer.Bias);
        var activated = Activated(layer.Sigma, inner, collected);
        return Affine(activated.Lower, activated.Upper, Math.Sqrt(2) * a.mT * psi.unsqueeze(0), null);
    }

    // centre W mu + b, half-width |W| rho.
    private static (Tensor Lower, Tensor Upper) Affine(Tensor lower, Tensor upper, Tensor weight, Tensor? bias)
    {
        var centre = nn.functional.linear((lower + upper) / 2, weight, bias);
        var half = nn.functional.linear((upper - lower) / 2, weight.abs());
        return (centre - half, centre + half);
    }

    private static (Tensor Lower, Tensor Upper) Scaled(Tensor lower, Tensor upper, double factor) =>
        factor >= 0 ? (lower * factor, upper * factor) : (upper * factor, lower * factor);

    private static (Tensor Lower, Tensor Upper) Activated(LipschitzActivation sigma, (Tensor Lower, Tensor Upper) bounds, List<NeuronBounds> collected)
    {
        var (lower, upper) = bounds;
        switch (sigma.Kind)
        {
            case Activation.MaxMin:
                return (OrderBounds.MaxMin(lower, sigma.Dim), OrderBounds.MaxMin(upper, sigma.Dim));
            case Activation.GroupSort:
                return (OrderBounds.GroupSort(lower, sigma.Dim), OrderBounds.GroupSort(upper, sigma.Dim));
            default:
                using (no_grad())
                {
                    collected.Add(new NeuronBounds(sigma.Kind, lower, upper, OrderBounds.MayVary(sigma, lower, upper), sigma.Threshold));
                }

                return (sigma.call(lower), sigma.call(upper));
        }
    }
}
