using Lbdn.Certification;
using Lbdn.Layers;
using Lbdn.Tests.Training;
using Lbdn.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary>Clipped-ReLU thresholds and the sparsity loss under training, on a seeded two-class problem.</summary>
[Integration]
public sealed class TrainingPiecesTests(ITestOutputHelper output)
{
    private const double Eps = 0.1;

    [Fact]
    public void Thresholds_change_under_training_and_stay_non_negative_after_projection()
    {
        var (network, _) = Train(sparsityWeight: 1.0, seed: 4);
        using (network)
        {
            var thresholds = Thresholds(network);
            Assert.True((thresholds - LipschitzActivation.InitialThreshold).abs().max().ToDouble() > 1e-2, "thresholds did not move");
            Assert.True(thresholds.min().ToDouble() >= 0, $"threshold {thresholds.min().ToDouble()} below zero");
        }
    }

    [Fact]
    public void Projection_sets_negative_thresholds_to_zero_in_every_layer()
    {
        using var network = Network(seed: 1);
        using (no_grad())
        {
            foreach (var parameter in network.named_parameters().Where(p => p.name.EndsWith("theta", StringComparison.Ordinal)))
            {
                parameter.parameter.copy_(linspace(-1, 1, parameter.parameter.shape[0]));
            }
        }

        Lbdn.Certification.Thresholds.Project(network);

        using var thresholds = Thresholds(network);
        Assert.Equal(0.0, thresholds.min().ToDouble());
        Assert.Equal(1.0, thresholds.max().ToDouble(), 6);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void The_sparsity_loss_makes_more_neurons_stable(int seed)
    {
        var (plain, plainStable) = Train(sparsityWeight: 0.0, seed);
        var (sparse, sparseStable) = Train(sparsityWeight: 1.0, seed);
        plain.Dispose();
        sparse.Dispose();

        output.WriteLine($"seed {seed}: stable fraction {plainStable:P1} without the sparsity loss, {sparseStable:P1} with it");
        Assert.True(sparseStable > plainStable + 0.05, $"stable fraction with sparsity {sparseStable}, without {plainStable}");
    }

    [Fact]
    public void Interval_bounds_contain_the_pre_activations_of_sampled_points()
    {
        using var network = Network(seed: 2);
        using var scope = NewDisposeScope();
        var (inputs, _) = TinyProblem.Data(16, seed: 3);
        var bounds = IntervalPropagation.PreActivationBounds(network, inputs, Eps);
        using var frozen = FrozenNetwork.From(network);
        using var generator = new Generator(9);
        for (var i = 0; i < inputs.shape[0]; i++)
        {
            var samples = CertificationNetworks.BallSamples(inputs[i], Eps, 500, generator);
            var layer = 0;
            foreach (var step in frozen.Steps)
            {
                if (step is LipschitzActivation)
                {
                    var bound = bounds[layer++];
                    Assert.True((samples >= bound.Lower[i] - 1e-5).all().ToBoolean() && (samples <= bound.Upper[i] + 1e-5).all().ToBoolean());
                }

                samples = step.call(samples);
            }
        }
    }

    private static LipschitzSequential Network(int seed)
    {
        manual_seed(seed);
        var network = new LipschitzSequential(
            [2],
            new DenseLayer(2, 32, 1.0, Activation.ClippedReLU),
            new DenseLayer(32, 32, 1.0, Activation.ClippedReLU),
            new DenseLayer(32, 2, 1.0, Activation.Identity));
        return network;
    }

    // 150 full-batch Adam steps of CE(4 z) + w * sparsity, thresholds projected after each step.
    private static (LipschitzSequential Network, double StableFraction) Train(double sparsityWeight, int seed)
    {
        var network = Network(seed);
        var (inputs, labels) = TinyProblem.Data(256, seed: (ulong)seed);
        using var optimizer = optim.Adam(network.parameters(), 0.01);
        for (var step = 0; step < 150; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(network.call(inputs) * 4, labels);
            if (sparsityWeight > 0)
            {
                loss = loss + (sparsityWeight * RobustnessLosses.Sparsity(IntervalPropagation.PreActivationBounds(network, inputs, Eps)));
            }

            loss.backward();
            optimizer.step();
            Lbdn.Certification.Thresholds.Project(network);
        }

        network.eval();
        using var certifiable = CertifiableNetwork.From(network);
        using var local = new LocalCertificate(certifiable);
        var (test, _) = TinyProblem.Data(256, seed: 1000);
        return (network, local.StableFraction(test, Eps));
    }

    private static Tensor Thresholds(LipschitzSequential network) =>
        cat([.. network.named_parameters().Where(p => p.name.EndsWith("theta", StringComparison.Ordinal)).Select(p => p.parameter.detach().flatten())]);
}
