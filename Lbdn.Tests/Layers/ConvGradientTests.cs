using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

/// <summary>
/// The float32 gradients of the zero-padded convolutions (input and parameters) equal their float64 gradients: libtorch
/// 2.10's float32 CPU conv2d backward returned wrong, sometimes NaN input gradients for such channel counts on this
/// project's machines, which made mnist-sll-conv train to NaN.
/// </summary>
public sealed class ConvGradientTests
{
    [Theory]
    [InlineData("aol", 16, 8, 3)]
    [InlineData("aol", 1, 8, 3)]
    [InlineData("sll", 8, 16, 3)]
    [InlineData("sll", 3, 2, 5)]
    [InlineData("sll", 16, 8, 1)]
    public void Float32_gradients_equal_float64_gradients(string kind, int channels, int other, int kernel)
    {
        manual_seed(3);
        using nn.Module<Tensor, Tensor> layer = kind == "aol"
            ? new AolConv2d(channels, other, kernel, Activation.Tanh)
            : new SllConv2d(channels, other, kernel, Activation.Sigmoid);
        var outputs = kind == "aol" ? other : channels;
        using var generator = new Generator(4);
        using var x = randn([32, channels, 9, 7], generator: generator);
        using var weights = randn([32, outputs, 9, 7], generator: generator);

        var (input32, parameters32) = Gradients(layer, x, weights);
        layer.to(ScalarType.Float64);
        var (input64, parameters64) = Gradients(layer, x.to_type(ScalarType.Float64), weights.to_type(ScalarType.Float64));

        Assert.True(Relative(input32, input64) < 1e-4, $"input gradient off by {Relative(input32, input64):E2} of its size");
        foreach (var (p32, p64) in parameters32.Zip(parameters64))
        {
            Assert.True(Relative(p32, p64) < 1e-4, $"parameter gradient off by {Relative(p32, p64):E2} of its size");
        }
    }

    // d/dx and d/dtheta of sum(layer(x) * weights).
    private static (Tensor Input, Tensor[] Parameters) Gradients(nn.Module<Tensor, Tensor> layer, Tensor x, Tensor weights)
    {
        layer.zero_grad();
        var input = x.detach().clone().requires_grad_();
        (layer.call(input) * weights).sum().backward();
        return (input.grad!.to_type(ScalarType.Float64), [.. layer.parameters().Select(p => p.grad!.to_type(ScalarType.Float64))]);
    }

    private static double Relative(Tensor a, Tensor b) => (a - b).abs().max().ToDouble() / b.abs().max().ToDouble();
}
