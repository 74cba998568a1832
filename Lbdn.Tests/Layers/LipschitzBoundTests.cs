using Lbdn.Certification;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

public sealed class LipschitzBoundTests
{
    [Theory]
    [Integration]
    [InlineData(0, 1.0, 1.0)]
    [InlineData(1, 0.3, 0.2)]
    [InlineData(2, 7.5, 1.0)]
    [InlineData(3, 2.0, 4.0)]
    [InlineData(4, 12.0, 0.05)]
    public void Gradient_ascent_never_exceeds_the_bound(int seed, double gamma, double parameterScale)
    {
        manual_seed(seed);
        using var network = NetworkFactory.EveryDenseKind(gamma);
        NetworkFactory.Randomise(network, parameterScale);
        network.eval();
        Assert.Equal(gamma, network.LipschitzBound, 12);

        var lower = EmpiricalLipschitz.LowerBound(network, [6], new EmpiricalLipschitzOptions(Restarts: 32, Steps: 150, LearningRate: 0.05, Low: -3, High: 3, Seed: seed));

        Assert.True(lower <= gamma * (1 + 1e-5), $"empirical {lower} > bound {gamma}");
        Assert.True(lower > 0, $"empirical {lower}");
    }

    [Fact]
    public void A_composed_network_reports_the_product_of_its_stage_bounds()
    {
        using var network = new LipschitzSequential([4], new LipschitzScale(3), new DenseLayer(4, 4, 0.5, dtype: ScalarType.Float64), new LipschitzScale(-2));
        Assert.Equal(3.0, network.LipschitzBound, 12);
    }

    [Fact]
    public void A_stage_without_a_bound_is_rejected_by_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new LipschitzSequential([4], nn.Linear(4, 4)));
        Assert.Contains("Linear", error.Message);
    }

    [Fact]
    public void The_capped_dense_weight_has_spectral_norm_at_most_the_cap()
    {
        manual_seed(2);
        using var layer = new DenseLayer(30, 20, 0.75, dtype: ScalarType.Float64);
        NetworkFactory.Randomise(layer, 4.0);
        var norm = linalg.svdvals(layer.Weight())[0].ToDouble();
        Assert.True(norm <= 0.75 * (1 + 1e-12), $"norm {norm}");
        Assert.True(norm >= 0.75 * (1 - 1e-12), "a weight above the cap is scaled exactly onto it");
    }

    [Fact]
    public void Orthogonal_weights_are_semi_orthogonal_in_both_directions()
    {
        manual_seed(4);
        using var narrowing = new OrthogonalLinear(12, 5, Activation.Identity, dtype: ScalarType.Float64);
        using var widening = new OrthogonalLinear(5, 12, Activation.Identity, dtype: ScalarType.Float64);
        var w1 = narrowing.Weight();
        var w2 = widening.Weight();
        Assert.Equal([5L, 12], w1.shape);
        Assert.Equal([12L, 5], w2.shape);
        Assert.True((w1.matmul(w1.mT) - eye(5, dtype: ScalarType.Float64)).abs().max().ToDouble() < 1e-10);
        Assert.True((w2.mT.matmul(w2) - eye(5, dtype: ScalarType.Float64)).abs().max().ToDouble() < 1e-10);
    }
}
