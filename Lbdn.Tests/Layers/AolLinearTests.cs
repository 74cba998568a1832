using Lbdn.Certification;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

/// <summary>The AOL layer's bound, checked by exact SVD, on adversarial weights, by gradient ascent and through certification.</summary>
public sealed class AolLinearTests
{
    private const ScalarType F64 = ScalarType.Float64;

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1.0)]
    [InlineData(1e3)]
    public void The_rescaled_weight_has_spectral_norm_at_most_one(double scale)
    {
        for (var seed = 0; seed < 8; seed++)
        {
            manual_seed(seed);
            using var layer = new AolLinear(3 + seed, 9 - seed, dtype: F64);
            NetworkFactory.Randomise(layer, scale);
            using var w = layer.Weight();

            Assert.True(linalg.matrix_norm(w, 2).ToDouble() <= 1 + 1e-12, $"seed {seed}");
        }
    }

    [Fact]
    public void A_rank_one_weight_is_rescaled_to_norm_exactly_one_and_a_zero_column_stays_zero()
    {
        using var layer = new AolLinear(4, 3, dtype: F64);
        using (no_grad())
        {
            var weight = layer.named_parameters().Single(p => p.name == "weight").parameter;
            weight.copy_(outer(tensor(new[] { 1.0, -2.0, 0.5 }, dtype: F64), tensor(new[] { 3.0, 0.0, -1.0, 0.25 }, dtype: F64)));
        }

        using var w = layer.Weight();

        Assert.Equal(1.0, linalg.matrix_norm(w, 2).ToDouble(), 12);
        Assert.Equal(0.0, w.narrow(1, 1, 1).abs().max().ToDouble());
        Assert.False(w.isnan().any().ToBoolean());
    }

    [Fact]
    public void Gradient_ascent_never_exceeds_the_bound_and_the_frozen_copy_is_the_same_function()
    {
        manual_seed(4);
        using var network = new LipschitzSequential([6], new LipschitzScale(2.0), new AolLinear(6, 8, Activation.ReLU, dtype: F64), new AolLinear(8, 3, Activation.Identity, dtype: F64));
        NetworkFactory.Randomise(network, 1.0);
        network.eval();
        using var frozen = network.Freeze();
        using var x = randn(5, 6, dtype: F64);

        var lower = EmpiricalLipschitz.LowerBound(network, [6], new EmpiricalLipschitzOptions(Restarts: 16, Steps: 100, LearningRate: 0.05, Low: -3, High: 3, Seed: 4));

        Assert.Equal(2.0, network.LipschitzBound);
        Assert.True(lower <= 2.0 * (1 + 1e-9) && lower > 0, $"empirical {lower}");
        Assert.True((frozen.call(x) - network.call(x)).abs().max().ToDouble() < 1e-12);
    }

    [Fact]
    public void A_network_of_AOL_layers_is_certified_locally_within_its_global_bound()
    {
        manual_seed(6);
        using var network = new LipschitzSequential([5], new AolLinear(5, 8, Activation.ReLU, dtype: F64), new AolLinear(8, 3, Activation.Identity, dtype: F64));
        network.eval();
        using var certifiable = CertifiableNetwork.From(network);
        using var certificate = new LocalCertificate(certifiable);
        using var x = randn(6, 5, dtype: F64);

        var result = certificate.Certify(x, 0.05);

        Assert.Equal(1.0, certifiable.GlobalBound);
        Assert.All(result.LocalBound, bound => Assert.InRange(bound, 0.0, 1.0 + 1e-9));
    }
}
