using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

public sealed class CertifiableNetworkTests
{
    public static TheoryData<string> Kinds => new() { "sandwich", "dense-clipped", "every-dense-kind", "orthogonal", "conv", "conv-flat" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_float64_copy_computes_the_networks_logits(string kind)
    {
        using var network = CertificationNetworks.Build(kind, seed: 5);
        using var certifiable = CertifiableNetwork.From(network);
        using var scope = NewDisposeScope();
        var inputs = CertificationNetworks.Inputs(network, 32, seed: 6);
        Tensor expected;
        using (no_grad())
        {
            expected = network.call(inputs);
        }

        var actual = certifiable.Logits(inputs);

        Assert.Equal(ScalarType.Float64, actual.dtype);
        Assert.True((actual - expected).abs().max().ToDouble() < 1e-10, $"{kind}: max difference {(actual - expected).abs().max().ToDouble()}");
        Assert.Equal(network.LipschitzBound, certifiable.GlobalBound);
    }

    [Fact]
    public void A_float32_network_is_certified_on_its_float64_copy()
    {
        manual_seed(2);
        using var network = new Lbdn.Layers.LipschitzSequential(
            [5],
            new Lbdn.Layers.SandwichLayer(5, 7, Activation.ReLU),
            new Lbdn.Layers.SandwichLinear(7, 3));
        network.eval();
        using var certifiable = CertifiableNetwork.From(network);
        using var scope = NewDisposeScope();
        var inputs = randn([16, 5]);

        var difference = (certifiable.Logits(inputs) - network.call(inputs).to_type(ScalarType.Float64)).abs().max().ToDouble();

        Assert.All(certifiable.Steps.OfType<Lbdn.Layers.FrozenLinear>(), step => Assert.Equal(ScalarType.Float64, step.Weight.dtype));
        Assert.True(difference < 1e-5, $"difference {difference}");
    }
}
