using Lbdn.Certification;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

/// <summary>
/// The dense SLL layer's bound: the Jacobian I + U D V over every activation pattern D in {0, 1}^m (the norm is convex in
/// D, so the vertices bound the whole box of slopes), exact SVD at every scale and for adversarial q and W, gradient ascent,
/// freeze in both precisions and certification.
/// </summary>
public sealed class SllLinearTests
{
    private const ScalarType F64 = ScalarType.Float64;

    [Theory]
    [InlineData(1e-3, 1.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(1e3, 1.0)]
    [InlineData(1.0, 40.0)]
    [InlineData(1.0, 1e6)]
    public void Every_activation_pattern_gives_a_Jacobian_of_norm_at_most_one(double weightScale, double qSpread)
    {
        for (var seed = 0; seed < 6; seed++)
        {
            manual_seed(seed);
            using var layer = new SllLinear(3 + seed, 6, dtype: F64);
            Randomise(layer, weightScale, qSpread);

            var worst = WorstPatternNorm(layer);

            Assert.True(worst <= 1 + 1e-12, $"seed {seed}: ||I + U D V|| = {worst}");
        }
    }

    [Fact]
    public void The_bound_is_attained_by_a_single_neuron_layer()
    {
        // m = 1: T = |w|^2, so the Jacobian at an active neuron reflects along w: I - 2 w w^T / |w|^2, norm 1.
        using var layer = new SllLinear(4, 1, dtype: F64);
        Randomise(layer, 1.0, 0.0);

        Assert.Equal(1.0, WorstPatternNorm(layer), 9);
    }

    [Fact]
    public void Zero_weights_tiny_and_huge_q_keep_the_layer_finite_and_within_its_bound()
    {
        using var layer = new SllLinear(5, 4, dtype: F64);
        using var x = randn(7, 5, dtype: F64);
        using (no_grad())
        {
            Parameter(layer, "weight").zero_();
            Parameter(layer, "q").copy_(tensor(new[] { 1e-300, -1e300, 0.0, double.MaxValue }, dtype: F64));
        }

        using (var y = layer.call(x))
        {
            Assert.Equal(0.0, (y - x).abs().max().ToDouble());
        }

        using (no_grad())
        {
            // One zero column, the others huge: a zero update through the zero column, no 0 / 0.
            Parameter(layer, "weight").copy_(randn(4, 5, dtype: F64) * 1e150);
            Parameter(layer, "weight")[1].zero_();
        }

        using var outer = layer.OuterWeight();
        Assert.False(outer.isnan().any().ToBoolean());
        Assert.Equal(0.0, outer[.., 1].abs().max().ToDouble());
        Assert.True(WorstPatternNorm(layer) <= 1 + 1e-12);
    }

    [Fact]
    public void Gradient_ascent_never_exceeds_the_bound_and_frozen_copies_compute_the_same_function()
    {
        manual_seed(3);
        using var network = new LipschitzSequential([6], new LipschitzScale(3.0), new SllLinear(6, 10, Activation.ReLU, dtype: F64), new SllLinear(6, 4, Activation.Tanh, dtype: F64));
        NetworkFactory.Randomise(network, 1.0);
        network.eval();
        using var x = randn(5, 6, dtype: F64);
        using var y = network.call(x);
        using var frozen = network.Freeze();
        using var frozen32 = FrozenNetwork.From(network, ScalarType.Float32);

        var lower = EmpiricalLipschitz.LowerBound(network, [6], new EmpiricalLipschitzOptions(Restarts: 16, Steps: 100, LearningRate: 0.05, Low: -3, High: 3, Seed: 3));

        Assert.Equal(3.0, network.LipschitzBound);
        Assert.True(lower <= 3.0 * (1 + 1e-9) && lower > 0.5, $"empirical {lower}");
        Assert.True((frozen.call(x) - y).abs().max().ToDouble() < 1e-12);
        Assert.True((frozen32.call(x.to_type(ScalarType.Float32)).to_type(F64) - y).abs().max().ToDouble() < 1e-4);
    }

    [Fact]
    public void A_float32_layer_freezes_in_float64_from_its_exact_parameters()
    {
        manual_seed(9);
        using var layer = new SllLinear(5, 7, Activation.LeakyReLU);
        layer.eval();
        using var wide = (FrozenSll)layer.Freeze(F64);
        using var expected = layer.OuterWeight().to_type(F64);

        Assert.Equal(F64, wide.Outer.dtype);
        Assert.True((wide.Outer - expected).abs().max().ToDouble() < 1e-6);
    }

    [Fact]
    public void MaxMin_is_refused_with_the_reason()
    {
        var error = Assert.Throws<ArgumentException>(() => new SllLinear(4, 4, Activation.MaxMin));

        Assert.Contains("elementwise activation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_network_of_SLL_layers_is_certified_locally_within_its_global_bound()
    {
        manual_seed(6);
        using var network = new LipschitzSequential([5], new SllLinear(5, 8, Activation.ReLU, dtype: F64), new SllLinear(5, 8, Activation.ReLU, dtype: F64), new AolLinear(5, 3, Activation.Identity, dtype: F64));
        network.eval();
        using var certifiable = CertifiableNetwork.From(network);
        using var certificate = new LocalCertificate(certifiable);
        using var x = randn(6, 5, dtype: F64);

        var result = certificate.Certify(x, 0.05);

        Assert.Equal(1.0, certifiable.GlobalBound);
        Assert.Contains(certifiable.Steps, step => step is FrozenSll);
        Assert.All(result.LocalBound, bound => Assert.InRange(bound, 0.0, 1.0 + 1e-9));
        Assert.True(result.Certified.Count(c => c) > 0);
    }

    // max over D in {0,1}^m of ||I + U D V||_2, from the float64 freeze.
    internal static double WorstPatternNorm(SllLinear layer)
    {
        using var scope = NewDisposeScope();
        using var frozen = (FrozenSll)layer.Freeze(F64);
        var (u, v) = (frozen.Outer, frozen.Inner);
        var m = (int)v.shape[0];
        var identity = eye(v.shape[1], dtype: F64);
        var worst = 0.0;
        for (var pattern = 0; pattern < 1 << m; pattern++)
        {
            var d = tensor(Enumerable.Range(0, m).Select(i => (double)((pattern >> i) & 1)).ToArray(), dtype: F64);
            worst = Math.Max(worst, linalg.matrix_norm(identity + (u * d).matmul(v), 2).ToDouble());
        }

        return worst;
    }

    // q = +-exp(spread * N(0, 1)): both signs and, at large spreads, values far beyond the clamp [1e-12, 1e12] (0 and inf included).
    private static void Randomise(SllLinear layer, double weightScale, double qSpread)
    {
        using var _ = no_grad();
        Parameter(layer, "weight").copy_(randn_like(layer.InnerWeight) * weightScale);
        Parameter(layer, "q").copy_(randn_like(layer.Q).sign() * (randn_like(layer.Q) * qSpread).exp());
    }

    private static Tensor Parameter(SllLinear layer, string name) => layer.named_parameters().Single(p => p.name == name).parameter;
}
