using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

/// <summary>Small hand-composed networks covering every dense layer kind, in float64.</summary>
internal static class NetworkFactory
{
    public static LipschitzSequential EveryDenseKind(double gamma, long inputs = 6)
    {
        var dtype = ScalarType.Float64;
        return new LipschitzSequential(
            [inputs],
            new LipschitzScale(Math.Sqrt(gamma)),
            new SandwichLayer(inputs, 10, Activation.ReLU, dtype: dtype),
            new SandwichLayer(10, 8, Activation.Tanh, dtype: dtype),
            new OrthogonalLinear(8, 12, Activation.MaxMin, dtype: dtype),
            new OrthogonalLinear(12, 8, Activation.GroupSort, dtype: dtype),
            new DenseLayer(8, 8, 1.5, Activation.ClippedReLU, dtype: dtype),
            new LipschitzScale(1 / 1.5),
            new SandwichLayer(8, 8, Activation.LeakyReLU, dtype: dtype),
            new SandwichLayer(8, 6, Activation.Sigmoid, dtype: dtype),
            new SandwichLinear(6, 3, dtype: dtype),
            new LipschitzScale(Math.Sqrt(gamma)));
    }

    public static void Randomise(nn.Module<Tensor, Tensor> network, double scale)
    {
        using var _ = no_grad();
        foreach (var (name, parameter) in network.named_parameters())
        {
            // Weights at the given scale; small biases, Psi and thresholds of order one keep the random network from being flat.
            var value = name.EndsWith("theta", StringComparison.Ordinal) ? rand_like(parameter) + 0.5
                : name.EndsWith("bias", StringComparison.Ordinal) ? randn_like(parameter) * 0.1
                : name.EndsWith("psi", StringComparison.Ordinal) ? randn_like(parameter) * 0.5
                : randn_like(parameter) * scale;
            parameter.copy_(value);
        }
    }
}
