using Lbdn.Certification;
using Lbdn.Layers;
using Lbdn.Tests.Certification;
using Lbdn.Tests.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Extensibility;

/// <summary>
/// A layer kind defined only in the tests (<see cref="ChannelShuffle"/>) freezes, certifies globally and locally, soundly,
/// and works inside a nested network, with no product file knowing it.
/// </summary>
public sealed class NewLayerKindTests
{
    private const ScalarType F64 = ScalarType.Float64;

    [Fact]
    public void Shuffle_is_the_permutation_its_frozen_matrix_applies()
    {
        using var shuffle = new ChannelShuffle(6, 2);
        using var frozen = shuffle.Freeze(F64);
        using var x = arange(6, dtype: F64).unsqueeze(0);
        // pi(g K + j) = j G + g with G = 2 groups of K = 3.
        Assert.Equal(new double[] { 0, 2, 4, 1, 3, 5 }, shuffle.call(x).data<double>().ToArray());
        Assert.Equal(new double[] { 0, 2, 4, 1, 3, 5 }, frozen.call(x).data<double>().ToArray());
    }

    [Fact]
    public void Frozen_copy_computes_the_network_with_the_new_kind_nested()
    {
        using var network = Build(seed: 1);
        using var frozen = network.Freeze(F64);
        using var inputs = randn(16, 4, dtype: F64);
        using var _ = no_grad();
        Assert.True((network.call(inputs) - frozen.call(inputs)).abs().max().ToDouble() < 1e-10);
    }

    [Fact]
    public void Certificates_with_the_new_kind_nested_are_sound()
    {
        var certified = 0;
        for (var seed = 0; seed < 3; seed++)
        {
            using var network = Build(seed);
            using var certifiable = CertifiableNetwork.From(network);
            using var local = new LocalCertificate(certifiable);
            using var scope = NewDisposeScope();
            Assert.Equal(network.LipschitzBound, certifiable.GlobalBound);
            Assert.NotNull(certifiable.Last);
            var inputs = CertificationNetworks.Inputs(network, 16, seed + 50);
            using var generator = new Generator((ulong)seed + 3);
            Tensor predicted;
            using (no_grad())
            {
                predicted = network.call(inputs).argmax(1);
                Assert.True((certifiable.Logits(inputs) - network.call(inputs)).abs().max().ToDouble() < 1e-10);
            }

            foreach (var eps in new[] { 0.05, 0.2, 0.6 })
            {
                var result = local.Certify(inputs, eps, batchSize: 8);
                var global = GlobalCertificate.Certified(certifiable.Logits(inputs), certifiable.GlobalBound, eps, certifiable.Last).data<bool>().ToArray();
                for (var i = 0; i < result.Certified.Length; i++)
                {
                    Assert.True(result.LocalBound[i] <= certifiable.GlobalBound);
                    Assert.True(result.Certified[i] || !global[i], $"seed {seed} eps {eps}: input {i} certified globally but not locally");
                    using var samples = CertificationNetworks.BallSamples(inputs[i], eps, 500, generator);
                    using var noGrad = no_grad();
                    var outputs = network.call(samples);
                    var centre = network.call(inputs[i].unsqueeze(0));
                    var moved = (outputs - centre).norm(1).max().ToDouble();
                    Assert.True(moved <= (result.LocalBound[i] * eps * (1 + 1e-9)) + 1e-12, $"seed {seed} eps {eps}: output moved {moved} beyond the local bound");
                    if (result.Certified[i])
                    {
                        certified++;
                        Assert.Equal(0, outputs.argmax(1).ne(predicted[i]).sum().ToInt64());
                    }
                }
            }
        }

        Assert.True(certified > 10, $"only {certified} certified; the test would be vacuous");
    }

    [Fact]
    public void Interval_propagation_passes_through_the_new_kind_and_the_nested_network()
    {
        using var network = Build(seed: 2);
        using var inputs = randn(8, 4, dtype: F64);
        var (output, bounds) = IntervalPropagation.Propagate(network, inputs, 0.1);
        using var _ = no_grad();
        Assert.True((output - network.call(inputs)).abs().max().ToDouble() < 1e-10);
        Assert.Equal(2, bounds.Count);
    }

    // sqrt2 -> sandwich 4-8 -> shuffle -> [sandwich 8-6 -> shuffle -> sandwich output 6-3] nested -> sqrt2.
    private static LipschitzSequential Build(int seed)
    {
        manual_seed(seed);
        var inner = new LipschitzSequential(
            [8],
            new SandwichLayer(8, 6, Activation.ReLU, dtype: F64),
            new ChannelShuffle(6, 3),
            new SandwichLinear(6, 3, dtype: F64));
        var network = new LipschitzSequential(
            [4],
            new LipschitzScale(Math.Sqrt(2)),
            new SandwichLayer(4, 8, Activation.ReLU, dtype: F64),
            new ChannelShuffle(8, 2),
            inner,
            new LipschitzScale(Math.Sqrt(2)));
        NetworkFactory.Randomise(network, 1.0);
        network.eval();
        return network;
    }
}
