using Lbdn.Certification;
using Lbdn.Training;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

public sealed class RobustnessLossesTests
{
    private const ScalarType F64 = ScalarType.Float64;

    [Fact]
    public void Worst_logits_raise_every_other_class_by_eps_times_its_bound()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 2.0, 1.0, 0.0 }, [1, 3], dtype: F64);
        var bounds = tensor(new[] { 5.0, 2.0, 4.0 }, [1, 3], dtype: F64);

        var worst = RobustnessLosses.WorstLogits(logits, tensor(new long[] { 0 }), bounds, 0.25);

        Assert.Equal([2.0, 1.5, 1.0], worst.data<double>().ToArray());
    }

    [Fact]
    public void Local_Lip_with_kappa_one_is_cross_entropy_and_GloRo_is_never_below_it()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var logits = randn([32, 5], dtype: F64, generator: generator);
        var labels = randint(5, [32], generator: generator);
        var bounds = rand([32, 5], dtype: F64, generator: generator) * 2;
        var ce = nn.functional.cross_entropy(logits, labels).ToDouble();

        Assert.Equal(ce, RobustnessLosses.LocalLip(logits, labels, bounds, 0.3, kappa: 1).ToDouble(), 12);
        Assert.True(RobustnessLosses.LocalLip(logits, labels, bounds, 0.3, kappa: 0).ToDouble() > ce);
        Assert.True(RobustnessLosses.GloRo(logits, labels, bounds, 0.3).ToDouble() > ce);
    }

    [Fact]
    public void Global_pair_bounds_match_the_certificate_and_carry_gradients()
    {
        using var scope = NewDisposeScope();
        var weight = randn([4, 6], dtype: F64).requires_grad_(true);
        var labels = tensor(new long[] { 0, 3, 2 });

        var bounds = RobustnessLosses.GlobalPairBounds(weight, 1.5, labels);
        using var last = new LastAffine(weight, 1.5);
        var certificate = GlobalCertificate.PairBounds(labels, 4, 100.0, 1.0, last);
        bounds.sum().backward();

        Assert.True((bounds - certificate).abs().max().ToDouble() < 1e-5);
        Assert.True(weight.grad is not null && weight.grad.abs().sum().ToDouble() > 0);
    }

    [Theory]
    [InlineData("sandwich")]
    [InlineData("dense-clipped")]
    public void Local_pair_bounds_never_exceed_the_global_ones_and_carry_gradients(string kind)
    {
        using var network = CertificationNetworks.Build(kind, seed: 4);
        network.train();
        using var scope = NewDisposeScope();
        var inputs = CertificationNetworks.Inputs(network, 16, seed: 2);
        var labels = randint(3, [16], generator: new Generator(1));
        using var last = LastAffine.Of(network)!;

        var local = LocalPairBounds.Compute(network, inputs, labels, 0.5);
        var global = GlobalCertificate.PairBounds(labels, 3, double.PositiveInfinity, 1.0, last);
        RobustnessLosses.LocalLip(network.call(inputs), labels, local, 0.5, kappa: 0.5).backward();

        var others = nn.functional.one_hot(labels, 3).logical_not();
        var excess = (local - global).masked_select(others).max().ToDouble();
        Assert.True(excess <= 1e-9, $"local exceeds global by {excess}");
        Assert.True((local < global - 1e-6).any().ToBoolean(), "local pair bounds never tighter than global ones");
        Assert.Contains(network.parameters(), p => p.grad is not null && p.grad.abs().sum().ToDouble() > 0);
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(10, 0.0)]
    [InlineData(15, 0.5)]
    [InlineData(20, 1.0)]
    [InlineData(99, 1.0)]
    public void A_ramp_is_constant_then_linear_then_constant(long step, double expected)
    {
        Assert.Equal(expected, new LinearRamp(0, 1, Length: 10, Delay: 10).At(step), 12);
    }
}
