using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

/// <summary>The AB form 2 A^T B of the sandwich output layers: its norm bound, checked by exact SVD at adversarial parameter scales.</summary>
public sealed class SandwichFormTests
{
    private const ScalarType F64 = ScalarType.Float64;

    [Theory]
    [InlineData(0.01)]
    [InlineData(1.0)]
    [InlineData(30.0)]
    [InlineData(1000.0)]
    public void The_AB_weight_has_spectral_norm_at_most_one(double scale)
    {
        for (var seed = 0; seed < 6; seed++)
        {
            manual_seed(seed);
            using var layer = new SandwichLinear(7 + seed, 5, SandwichForm.AB, dtype: F64);
            NetworkFactory.Randomise(layer, scale);
            layer.eval();
            using var weight = layer.Weight();
            var (a, b) = Factors(layer);

            Assert.Equal(0.0, (weight - (2 * a.mT.matmul(b))).abs().max().ToDouble(), 12);
            Assert.True(linalg.matrix_norm(weight, 2).ToDouble() <= 1 + 1e-12, $"seed {seed} scale {scale}");
        }
    }

    [Theory]
    [InlineData(1, 0.1)]
    [InlineData(2, 10.0)]
    public void Every_frequency_of_the_AB_conv_has_norm_at_most_one_and_freezing_keeps_the_function(long stride, double scale)
    {
        manual_seed(3);
        using var layer = new SandwichConvLinear(2, 3, 8, 3, stride, SandwichForm.AB, dtype: F64);
        NetworkFactory.Randomise(layer, scale);
        layer.eval();
        using var matrices = layer.Matrices();
        using var frozen = ((IFreezable)layer).Freeze();
        using var x = randn(4, 2, 8, 8, dtype: F64);

        Assert.True(linalg.matrix_norm(matrices, 2).max().ToDouble() <= 1 + 1e-12);
        Assert.True((frozen.call(x) - layer.call(x)).abs().max().ToDouble() < 1e-12);
    }

    [Fact]
    public void The_B_form_is_the_default()
    {
        using var layer = new SandwichLinear(4, 3);
        Assert.Equal(SandwichForm.B, layer.Form);
    }

    private static (Tensor A, Tensor B) Factors(SandwichLinear layer)
    {
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter.detach());
        return Cayley.Transform(parameters["alpha"] * parameters["weight"] / parameters["weight"].norm());
    }
}
