using Lbdn.Certification;
using Lbdn.Layers;
using Lbdn.Tests.Layers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary>The certified copy of a float32 network is its float64 freeze, so the proven bounds hold for it to float64 rounding.</summary>
public sealed class Float64CopyTests(ITestOutputHelper output)
{
    private const ScalarType F32 = ScalarType.Float32;
    private const ScalarType F64 = ScalarType.Float64;

    // (sqrt2 - 1)^2: with Z = c I the Cayley transform gives A = I / sqrt2 and B = -Q / sqrt2.
    private static readonly double TightShift = Math.Pow(Math.Sqrt(2) - 1, 2);

    public static TheoryData<long, long, double> RandomLayers => new()
    {
        { 1, 1, 1.0 }, { 3, 5, 0 }, { 6, 4, 1.0 }, { 8, 8, 0.1 }, { 10, 10, 10.0 }, { 9, 7, 100.0 }, { 4, 8, 300.0 }, { 10, 6, 3.0 },
    };

    public static TheoryData<long, long> TightLayers => new() { { 3, 2 }, { 5, 5 }, { 6, 3 }, { 7, 7 }, { 8, 6 }, { 10, 10 }, { 10, 4 } };

    public static TheoryData<string> Kinds => new() { "sandwich", "dense-clipped", "every-dense-kind", "orthogonal", "conv", "conv-flat" };

    [Theory]
    [MemberData(nameof(RandomLayers))]
    public void Every_sandwich_step_pair_of_a_float32_networks_certified_copy_has_worst_pattern_norm_at_most_one(long inFeatures, long outFeatures, double scale)
    {
        var worst = 0.0;
        for (var seed = 0; seed < 6; seed++)
        {
            using var network = SeparatedSandwiches(inFeatures, outFeatures, seed);
            if (scale > 0)
            {
                NetworkFactory.Randomise(network, scale);
            }

            using var certifiable = CertifiableNetwork.From(network);

            var pairs = WorstPairNorms(certifiable.Steps);

            Assert.Equal(2, pairs.Count);
            worst = Math.Max(worst, pairs.Max());
        }

        output.WriteLine($"{inFeatures} -> {outFeatures} at scale {scale}: worst pattern norm {worst:R}");
        Assert.True(worst <= 1 + 1e-12, $"worst pattern norm {worst:R}");
    }

    [Theory]
    [MemberData(nameof(TightLayers))]
    public void Tight_sandwich_layers_stay_within_one_in_the_certified_copy_but_not_in_a_float32_freeze(long inFeatures, long outFeatures)
    {
        var (worst64, lowest64, worst32) = (0.0, double.MaxValue, 0.0);
        for (var seed = 0; seed < 8; seed++)
        {
            using var network = SeparatedSandwiches(inFeatures, outFeatures, seed);
            foreach (var layer in network.Stages.OfType<SandwichLayer>())
            {
                MakeTight(layer);
            }

            using var certifiable = CertifiableNetwork.From(network);
            using var frozen32 = FrozenNetwork.From(network);

            var pairs64 = WorstPairNorms(certifiable.Steps);
            (worst64, lowest64) = (Math.Max(worst64, pairs64.Max()), Math.Min(lowest64, pairs64.Min()));
            worst32 = Math.Max(worst32, WorstPairNorms(frozen32.Steps).Max());
        }

        output.WriteLine($"{inFeatures} -> {outFeatures}: worst pattern norm - 1, float64 copy {worst64 - 1:E1}, float32 freeze {worst32 - 1:E1}");
        Assert.True(worst64 <= 1 + 1e-12, $"certified copy: worst pattern norm {worst64:R}");
        Assert.True(lowest64 >= 1 - 1e-12, $"the layers are not tight: {lowest64:R}");
        Assert.True(worst32 > 1 + 1e-12, $"float32 freeze: worst pattern norm only {worst32:R}, the check does not discriminate");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_certified_copy_of_a_float32_network_holds_float64_weights_and_computes_its_logits(string kind)
    {
        using var network = Float32Network(kind, seed: 5);
        using var certifiable = CertifiableNetwork.From(network);
        using var scope = NewDisposeScope();
        var inputs = CertificationNetworks.Inputs(network, 32, seed: 6).to_type(F32);
        Tensor expected;
        using (no_grad())
        {
            expected = network.call(inputs).to_type(F64);
        }

        var difference = (certifiable.Logits(inputs) - expected).abs().max().ToDouble();

        Assert.All(certifiable.Steps.SelectMany(step => step.buffers()), weight => Assert.Contains(weight.dtype, new[] { F64, ScalarType.ComplexFloat64 }));
        Assert.True(difference < 1e-5, $"{kind}: max difference {difference}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_last_affine_weight_of_a_float32_network_is_that_of_its_float64_freeze(string kind)
    {
        using var network = Float32Network(kind, seed: 7);
        using var certifiable = CertifiableNetwork.From(network);
        using var scope = NewDisposeScope();
        var last = certifiable.Last!;
        var stage = network.Stages[last.StageIndex];
        var scale = network.Stages.Skip(last.StageIndex + 1).Cast<LipschitzScale>().Aggregate(1.0, (product, trailing) => product * trailing.Factor);
        using var frozen64 = ((IFreezable)stage).Freeze(F64);
        using var frozen32 = ((IFreezable)stage).Freeze(F32);

        var error64 = (last.Weight - (AffineWeight(frozen64) * scale)).abs().max().ToDouble();
        var error32 = (last.Weight - (AffineWeight(frozen32).to_type(F64) * scale)).abs().max().ToDouble();

        Assert.Equal(0.0, error64);
        Assert.True(error32 > 1e-12, $"{kind}: the float32 freeze's weight is within {error32} of the certified one");
    }

    [Fact]
    public void A_stage_that_cannot_freeze_itself_is_rejected_and_left_intact()
    {
        manual_seed(3);
        using var inner = new LipschitzSequential([4], new SandwichLayer(4, 3));
        using var frozenInner = FrozenNetwork.From(inner);
        using var network = new LipschitzSequential([4], frozenInner, new SandwichLinear(3, 2));
        using var x = randn(5, 4);

        var error = Assert.Throws<NotSupportedException>(() => CertifiableNetwork.From(network));

        Assert.Contains(nameof(FrozenNetwork), error.Message, StringComparison.Ordinal);
        using var stillWorks = frozenInner.call(x);
        Assert.Equal([5L, 3], stillWorks.shape);
    }

    private static LipschitzSequential Float32Network(string kind, int seed)
    {
        var network = CertificationNetworks.Build(kind, seed);
        network.to(F32);
        return network;
    }

    // Sandwich layers with a Flatten (a no-op on vectors, which freezing does not fuse across) after each, so the copy
    // keeps every layer's W_in = sqrt2 Psi^-1 B and W_out = sqrt2 A^T Psi around its activation.
    private static LipschitzSequential SeparatedSandwiches(long inFeatures, long outFeatures, int seed)
    {
        manual_seed(seed);
        var network = new LipschitzSequential(
            [inFeatures],
            new SandwichLayer(inFeatures, outFeatures, Activation.ReLU),
            new Flatten(),
            new SandwichLayer(outFeatures, outFeatures, Activation.Tanh),
            new Flatten(),
            new SandwichLinear(outFeatures, 3));
        network.eval();
        return network;
    }

    // max over D in {0,1}^n of ||W_out D W_in|| for every activation between two frozen linear steps.
    private static List<double> WorstPairNorms(IReadOnlyList<nn.Module<Tensor, Tensor>> steps) =>
        [.. Enumerable.Range(1, steps.Count - 2)
            .Where(i => steps[i] is LipschitzActivation && steps[i - 1] is FrozenLinear && steps[i + 1] is FrozenLinear)
            .Select(i => ActivationPatterns.WorstNorm(((FrozenLinear)steps[i + 1]).Weight, ((FrozenLinear)steps[i - 1]).Weight))];

    // W = [X | sqrt(c) Q], X symmetric, Q with orthonormal rows, alpha = ||W||_F: Z = X - X^T + c Q Q^T = c I, so
    // A = I / sqrt2, B = -Q / sqrt2 and 2 A^T Psi D Psi^-1 B = -D Q, of norm exactly 1 for every pattern D != 0.
    private static void MakeTight(SandwichLayer layer)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var symmetric = randn(layer.OutFeatures, layer.OutFeatures);
        var rows = linalg.qr(randn(layer.InFeatures, layer.OutFeatures)).Q.mT;
        var weight = cat([symmetric + symmetric.mT, Math.Sqrt(TightShift) * rows], 1);
        parameters["weight"].copy_(weight);
        parameters["alpha"].copy_(weight.norm());
        parameters["psi"].copy_(randn(layer.OutFeatures) * 0.5);
    }

    private static Tensor AffineWeight(nn.Module<Tensor, Tensor> frozen) =>
        (frozen as FrozenLinear ?? ((FrozenSequence)frozen).Steps.OfType<FrozenLinear>().First()).Weight;
}
