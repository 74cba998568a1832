using Lbdn.Certification;
using Lbdn.Layers;
using Lbdn.Tests.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary>
/// The fast local certificate (counterexamples, cheap bounds and lower estimates first, exact norms last) against the exact
/// propagation on every sample, on random networks and on trained-like ones (biases pushed off zero, so that many
/// neurons are stable on the balls), and the early exits it rests on.
/// </summary>
public sealed class FastCertificationTests
{
    private const ScalarType F64 = ScalarType.Float64;

    public static TheoryData<string> Kinds => new() { "sandwich-clipped", "sandwich-clipped-trained", "mnist-shaped-trained", "conv", "sll" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Certifies_exactly_the_samples_the_exact_propagation_certifies(string kind)
    {
        var (certified, uncertified) = (0, 0);
        for (var seed = 0; seed < 3; seed++)
        {
            using var network = Build(kind, seed);
            using var certifiable = CertifiableNetwork.From(network);
            using var local = new LocalCertificate(certifiable);
            var inputs = CertificationNetworks.Inputs(network, 48, seed);
            foreach (var eps in new[] { 0.02, 0.1, 0.4, 1.58, 4.0 })
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var fast = local.Certify(inputs, eps, batchSize: 20);
                var exact = local.CertifyBatch(inputs, eps, NormBound.Exact).Certified.data<bool>().ToArray();
                for (var i = 0; i < exact.Length; i++)
                {
                    Assert.True(exact[i] == fast.Certified[i], $"{kind} seed {seed} eps {eps} input {i}: exact {exact[i]}, fast {fast.Certified[i]}");
                    (certified, uncertified) = exact[i] ? (certified + 1, uncertified) : (certified, uncertified + 1);
                }
            }
        }

        Assert.True(certified > 0 && uncertified > 0, $"{kind}: {certified} certified, {uncertified} not; both decisions must be exercised");
    }

    [Theory]
    [InlineData("sandwich-clipped")]
    [InlineData("sandwich-clipped-trained")]
    [InlineData("conv")]
    [InlineData("sll")]
    public void Counterexamples_are_found_only_where_the_exact_certificate_fails(string kind)
    {
        var found = 0;
        for (var seed = 0; seed < 3; seed++)
        {
            using var network = Build(kind, seed);
            using var certifiable = CertifiableNetwork.From(network);
            using var local = new LocalCertificate(certifiable);
            var inputs = CertificationNetworks.Inputs(network, 48, seed);
            foreach (var eps in new[] { 0.1, 0.4, 1.58, 4.0 })
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var (certified, predicted, _, _) = local.CertifyBatch(inputs, eps, NormBound.Exact);
                var witnessed = BallWitness.Found(certifiable.Steps, inputs.to_type(F64), predicted, eps).data<bool>().ToArray();
                var exact = certified.data<bool>().ToArray();
                for (var i = 0; i < exact.Length; i++)
                {
                    Assert.False(witnessed[i] && exact[i], $"{kind} seed {seed} eps {eps} input {i}: a counterexample to a certified prediction");
                    found += witnessed[i] ? 1 : 0;
                }
            }
        }

        Assert.True(found > 0, $"{kind}: no counterexample found, the early exit is not exercised");
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 3)]
    [InlineData(2, 1)]
    public void The_lower_estimate_of_a_sandwich_stage_never_exceeds_its_exact_bound(int seed, int unstable)
    {
        using var network = Build("sandwich-clipped", seed);
        var layer = (SandwichLayer)network.Stages[1];
        var stage = ((ICertifiableStage)layer).FreezeCertified(F64).Single();
        using var local = stage.Local!;
        using var _ = no_grad();
        using var generator = new Generator((ulong)seed);
        var width = layer.Psi().shape[0];

        // Per sample: `unstable` neurons crossing 0 or theta, the rest linear, dead or saturated, in random order.
        var position = rand([64, width], dtype: F64, generator: generator).argsort(1).argsort(1);
        var kind = randint(0, 3, [64, width], generator: generator);
        var isUnstable = position < unstable;
        var lower = full([64, width], -1.0, dtype: F64).masked_fill(kind == 0, 0.2).masked_fill(kind == 2, 1.2).masked_fill(isUnstable, -0.5);
        var upper = full([64, width], -0.1, dtype: F64).masked_fill(kind == 0, 0.8).masked_fill(kind == 2, 2.0).masked_fill(isUnstable, 0.5);
        var theta = ones([width], dtype: F64);
        var bounds = new NeuronBounds(Activation.ClippedReLU, lower, upper, (upper > 0) & (lower < theta), theta);

        var estimate = local.Bound([bounds], NormBound.Lower)!.data<double>().ToArray();
        var exact = local.Bound([bounds], NormBound.Exact)!.data<double>().ToArray();
        var cheap = local.Bound([bounds], NormBound.Upper)!.data<double>().ToArray();
        for (var s = 0; s < exact.Length; s++)
        {
            Assert.True(estimate[s] <= exact[s] * (1 + 1e-12), $"sample {s}: lower estimate {estimate[s]} above the exact bound {exact[s]}");
            Assert.True(cheap[s] >= exact[s] * (1 - 1e-12), $"sample {s}: cheap bound {cheap[s]} below the exact bound {exact[s]}");
        }

        Assert.Contains(exact, bound => bound < 1);
    }

    [Fact]
    public void Nearly_full_masks_keep_the_cheap_bound_at_or_above_the_masked_singular_value()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var weight = randn([9, 14], dtype: F64, generator: generator);
        using var norm = new MaskedSpectralNorm(weight);
        var outputs = (rand([32, 9], dtype: F64, generator: generator) < 0.95).to_type(F64);
        var inputs = (rand([32, 14], dtype: F64, generator: generator) < 0.95).to_type(F64);
        var truth = linalg.svdvals(outputs.unsqueeze(2) * weight * inputs.unsqueeze(1))[.., 0];
        foreach (var (rows, columns) in new (Tensor? Rows, Tensor? Columns)[] { (outputs, inputs), (outputs, null), (null, inputs) })
        {
            var expected = rows is null ? linalg.svdvals(weight * inputs.unsqueeze(1))[.., 0] : columns is null ? linalg.svdvals(outputs.unsqueeze(2) * weight)[.., 0] : truth;
            var upper = norm.Bound(NormBound.Upper, rows, columns);
            Assert.True((upper >= expected).all().ToBoolean());
            Assert.True((upper <= norm.Whole).all().ToBoolean());
        }
    }

    private static LipschitzSequential Build(string kind, int seed)
    {
        if (kind is "conv" or "sll")
        {
            return CertificationNetworks.Build(kind, seed);
        }

        manual_seed(seed);
        long[] widths = kind == "mnist-shaped-trained" ? [64, 48, 48, 32, 10] : [4, 12, 12, 3];
        var stages = new List<nn.Module<Tensor, Tensor>> { new LipschitzScale(2.0) };
        for (var i = 0; i < widths.Length - 2; i++)
        {
            stages.Add(new SandwichLayer(widths[i], widths[i + 1], Activation.ClippedReLU, dtype: F64));
        }

        stages.Add(new SandwichLinear(widths[^2], widths[^1], dtype: F64));
        var network = new LipschitzSequential([widths[0]], [.. stages]);
        NetworkFactory.Randomise(network, 1.0);
        if (kind.EndsWith("-trained", StringComparison.Ordinal))
        {
            // Biases pushed off zero, as sparsity training does: many neurons dead or saturated on small balls.
            using var _ = no_grad();
            using var generator = new Generator((ulong)(seed + 50));
            foreach (var (_, parameter) in network.named_parameters().Where(p => p.name.EndsWith("bias", StringComparison.Ordinal)))
            {
                parameter.add_(randn(parameter.shape, dtype: F64, generator: generator) * 0.5);
            }
        }

        network.eval();
        return network;
    }
}
