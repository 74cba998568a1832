using Lbdn.Certification;
using Lbdn.Layers;
using Lbdn.Tests.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary>The local bound against brute force over every activation pattern, and against the global certificate.</summary>
public sealed class LocalBoundTests
{
    private const ScalarType F64 = ScalarType.Float64;

    public static TheoryData<string> Kinds => new() { "sandwich", "sandwich-clipped", "dense" };

    [Theory]
    [Integration]
    [MemberData(nameof(Kinds))]
    public void The_local_bound_dominates_every_Jacobian_over_the_varying_neurons(string kind)
    {
        var cases = 0;
        for (var seed = 0; seed < 10; seed++)
        {
            using var network = Small(kind, seed);
            using var certifiable = CertifiableNetwork.From(network);
            using var local = new LocalCertificate(certifiable);
            using var frozen = FrozenNetwork.From(network);
            using var generator = new Generator((ulong)seed);
            foreach (var eps in new[] { 0.05, 0.3, 1.0 })
            {
                using var scope = NewDisposeScope();
                var inputs = randn([6, 3], dtype: F64, generator: generator);
                var bounds = local.Bounds(inputs, eps);
                var result = local.Certify(inputs, eps);
                for (var i = 0; i < inputs.shape[0]; i++)
                {
                    AssertConstantNeuronsAreConstant(frozen, bounds, inputs[i], eps, i, generator);
                    var exact = WorstPatternNorm(frozen, bounds, i);
                    Assert.True(result.LocalBound[i] >= exact, $"{kind} seed {seed} eps {eps} input {i}: local bound {result.LocalBound[i]} below the worst pattern {exact}");
                    Assert.True(result.LocalBound[i] <= certifiable.GlobalBound);
                    cases++;
                }
            }
        }

        Assert.Equal(10 * 3 * 6, cases);
    }

    [Theory]
    [InlineData("dense")]
    [InlineData("sandwich")]
    public void With_mostly_dead_neurons_local_certifies_what_global_cannot(string kind)
    {
        manual_seed(3);
        using var network = kind == "dense"
            ? new LipschitzSequential(
                [4],
                new DenseLayer(4, 16, 1.0, Activation.ReLU, dtype: F64),
                new DenseLayer(16, 16, 1.0, Activation.ReLU, dtype: F64),
                new DenseLayer(16, 3, 1.0, Activation.Identity, dtype: F64))
            : new LipschitzSequential(
                [4],
                new SandwichLayer(4, 16, Activation.ReLU, dtype: F64),
                new SandwichLayer(16, 16, Activation.ReLU, dtype: F64),
                new SandwichLinear(16, 3, dtype: F64));
        NetworkFactory.Randomise(network, 1.0);
        using (no_grad())
        {
            // Large negative biases on 12 of 16 neurons per hidden layer: dead on every small ball.
            foreach (var (name, parameter) in network.named_parameters().Where(p => p.name.EndsWith("bias", StringComparison.Ordinal) && p.parameter.shape[0] == 16))
            {
                parameter[TensorIndex.Slice(4)] = tensor(-20.0, dtype: F64);
            }
        }

        network.eval();
        using var certifiable = CertifiableNetwork.From(network);
        using var local = new LocalCertificate(certifiable);
        using var inputs = randn([200, 4], dtype: F64);
        var eps = 0.2;
        using var logits = certifiable.Logits(inputs);
        using var globalMask = GlobalCertificate.Certified(logits, certifiable.GlobalBound, eps, certifiable.Last);
        var global = globalMask.sum().ToInt64();
        var locally = local.Certify(inputs, eps).Certified.Count(c => c);

        Assert.True(locally > global, $"{kind}: local certified {locally}, global {global}");
    }

    private static LipschitzSequential Small(string kind, int seed)
    {
        manual_seed(seed);
        var sigma = kind == "sandwich-clipped" ? Activation.ClippedReLU : Activation.ReLU;
        LipschitzSequential network = kind.StartsWith("sandwich", StringComparison.Ordinal)
            ? new LipschitzSequential([3], new SandwichLayer(3, 6, sigma, dtype: F64), new SandwichLayer(6, 6, sigma, dtype: F64), new SandwichLinear(6, 2, dtype: F64))
            : new LipschitzSequential([3], new DenseLayer(3, 6, 1.3, Activation.ReLU, dtype: F64), new DenseLayer(6, 6, 1.0, Activation.ClippedReLU, dtype: F64), new DenseLayer(6, 2, 1.0, Activation.Identity, dtype: F64));
        NetworkFactory.Randomise(network, 1.0);
        network.eval();
        return network;
    }

    // Sampled pre-activations never contradict a neuron marked constant: dead ones stay <= 0, saturated ones >= theta.
    private static void AssertConstantNeuronsAreConstant(FrozenNetwork frozen, IReadOnlyList<NeuronBounds> bounds, Tensor x, double eps, int index, Generator generator)
    {
        using var scope = NewDisposeScope();
        var samples = CertificationNetworks.BallSamples(x, eps, 2000, generator);
        var layer = 0;
        foreach (var step in frozen.Steps)
        {
            if (step is LipschitzActivation activation)
            {
                var bound = bounds[layer++];
                Assert.True((samples >= bound.Lower[index] - 1e-12).all().ToBoolean() && (samples <= bound.Upper[index] + 1e-12).all().ToBoolean(), "a sample leaves the box");
                var constant = bound.Varying[index].logical_not();
                var alive = activation.Kind == Activation.ClippedReLU
                    ? (samples > 0) & (samples < activation.Threshold!)
                    : samples > 0;
                Assert.False((alive & constant).any().ToBoolean(), "a neuron marked constant varies at a sampled point");
            }

            samples = step.call(samples);
        }
    }

    // max over slopes in {0, 1} of the unstable neurons (1 for those linear on the ball, 0 for constant ones) of ||J||,
    // J = W_L S_{L-1} ... S_1 W_1.
    private static double WorstPatternNorm(FrozenNetwork frozen, IReadOnlyList<NeuronBounds> bounds, int index)
    {
        using var scope = NewDisposeScope();
        var fixedOne = cat([.. bounds.Select(b => SandwichJacobianBound.Linear(b)[index])]);
        var varying = cat([.. bounds.Select(b => b.Varying[index])]) & fixedOne.logical_not();
        var count = varying.sum().ToInt64();
        var patterns = fixedOne.to_type(F64).unsqueeze(0).repeat(1L << (int)count, 1);
        var positions = varying.nonzero().squeeze(1);
        var codes = arange(1L << (int)count, dtype: ScalarType.Int64).unsqueeze(1);
        var bits = pow(2, arange(count, dtype: ScalarType.Int64)).unsqueeze(0);
        patterns.index_copy_(1, positions, (codes.bitwise_and(bits) != 0).to_type(F64));

        Tensor? jacobian = null;
        var offset = 0L;
        foreach (var step in frozen.Steps)
        {
            switch (step)
            {
                case FrozenLinear linear:
                    jacobian = jacobian is null ? linear.Weight.expand(patterns.shape[0], -1, -1) : linear.Weight.matmul(jacobian);
                    break;
                case LipschitzActivation:
                    var width = jacobian!.shape[1];
                    jacobian = patterns.narrow(1, offset, width).unsqueeze(2) * jacobian;
                    offset += width;
                    break;
                case LipschitzScale scale:
                    jacobian = jacobian! * scale.Factor;
                    break;
            }
        }

        return linalg.svdvals(jacobian!).max().ToDouble();
    }
}
