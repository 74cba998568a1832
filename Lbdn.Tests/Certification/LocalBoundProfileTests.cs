using Lbdn.Certification;
using Lbdn.Layers;
using Lbdn.Tests.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary>The per-stage profile against the certificate's own masks and bounds.</summary>
public sealed class LocalBoundProfileTests
{
    private const ScalarType F64 = ScalarType.Float64;

    [Theory]
    [InlineData("dense", 1)]
    [InlineData("dense", 2)]
    [InlineData("sandwich", 1)]
    [InlineData("sandwich", 2)]
    public void Counts_the_varying_neurons_and_keeps_every_local_bound_at_or_below_the_global_one(string kind, int seed)
    {
        manual_seed(seed);
        using var network = kind == "dense"
            ? new LipschitzSequential(
                [4], new DenseLayer(4, 16, 1.0, Activation.ReLU, dtype: F64), new DenseLayer(16, 12, 1.0, Activation.ReLU, dtype: F64),
                new DenseLayer(12, 3, 1.0, Activation.Identity, dtype: F64))
            : new LipschitzSequential(
                [4], new SandwichLayer(4, 16, Activation.ReLU, dtype: F64), new SandwichLayer(16, 12, Activation.ReLU, dtype: F64),
                new SandwichLinear(12, 3, dtype: F64));
        NetworkFactory.Randomise(network, 1.0);
        using (no_grad())
        {
            // Large negative biases on all but 4 neurons of each hidden layer: dead on every small ball.
            foreach (var (_, parameter) in network.named_parameters().Where(p => p.name.EndsWith("bias", StringComparison.Ordinal) && p.parameter.shape[0] > 3))
            {
                parameter[TensorIndex.Slice(4)] = tensor(-20.0, dtype: F64);
            }
        }

        network.eval();
        using var inputs = randn([150, 4], dtype: F64);
        const double eps = 0.2;
        var profile = LocalBoundProfile.Of(network, inputs, eps, batchSize: 40);

        using var certifiable = CertifiableNetwork.From(network);
        using var certificate = new LocalCertificate(certifiable);
        var bounds = certificate.Bounds(inputs, eps);
        var hidden = profile.Where(stage => stage.Neurons > 0).ToList();
        // The dense output layer's identity activation is a neuron layer of its own; a sandwich output has none.
        Assert.Equal(kind == "dense" ? [16L, 12L, 3L] : [16L, 12L], hidden.Select(stage => stage.Neurons));
        for (var layer = 0; layer < hidden.Count; layer++)
        {
            var varying = bounds[layer].Varying.to_type(F64).sum(1).mean().item<double>();
            Assert.Equal(varying, hidden[layer].MeanVarying, 10);
            Assert.True(hidden[layer].MeanVarying <= 4, $"{kind}: {hidden[layer].MeanVarying} varying neurons, only 4 can vary");
        }

        foreach (var stage in profile)
        {
            Assert.InRange(stage.MinLocal, 0, stage.MeanLocal + 1e-12);
            Assert.InRange(stage.MaxLocal, stage.MeanLocal - 1e-12, stage.GlobalBound);
            Assert.InRange(stage.AtGlobal, 0, 1);
        }

        // With 12 of 16 neurons dead the masked layers sit well below their global bound on most balls.
        Assert.Contains(hidden, stage => stage.AtGlobal < 0.5 && stage.MeanLocal < stage.GlobalBound);

        // The certificate's local bound never exceeds the product of the stages' local bounds.
        var product = profile.Aggregate(1.0, (p, stage) => p * stage.MaxLocal);
        Assert.All(certificate.Certify(inputs, eps).LocalBound, bound => Assert.True(bound <= product * (1 + 1e-9), $"{bound} above {product}"));
    }

    [Fact]
    public void Refuses_a_radius_that_is_not_positive()
    {
        using var network = new LipschitzSequential([2], new DenseLayer(2, 3, 1.0, Activation.ReLU, dtype: F64), new DenseLayer(3, 2, 1.0, Activation.Identity, dtype: F64));
        using var inputs = randn([3, 2], dtype: F64);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LocalBoundProfile.Of(network, inputs, 0));
        Assert.Contains("radius", error.Message, StringComparison.Ordinal);
    }
}
