using Lbdn.Certification;
using Lbdn.Layers;
using Lbdn.Tests.Layers;
using Lbdn.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lbdn.Tests.Training;

/// <summary>
/// The Local-Lip objective through the trainer: its power-iteration bound against the certificate's exact one, its effect
/// on stable neurons and on local certificates against the offset loss, and the thresholds under its sparsity loss.
/// </summary>
[Integration]
public sealed class LocalLipObjectiveTests(ITestOutputHelper output)
{
    private const double Eps = 0.3;

    [Theory]
    [InlineData("sandwich-clipped", 1)]
    [InlineData("sandwich-clipped", 2)]
    [InlineData("dense-clipped", 1)]
    [InlineData("dense-clipped", 2)]
    public void The_training_bound_tracks_the_exact_certificate_bound_after_its_warm_start(string kind, int seed)
    {
        using var network = Network(kind, seed, inputs: 4);
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)seed);
        var inputs = randn([64, 4], generator: generator);
        var bounds = IntervalPropagation.PreActivationBounds(network, inputs, Eps);
        var last = network.Stages.Count - 1;
        using var certifiable = CertifiableNetwork.From(network);
        var exact = certifiable.Stages.Radii(bounds, Eps, NormBound.Exact)[last] / Eps;
        var stable = cat([.. bounds.Select(b => b.Varying.logical_not().flatten())]).to_type(ScalarType.Float64).mean().ToDouble();
        Assert.True(stable is > 0.05 and < 0.95, $"the masks should be mixed, {stable:P1} stable");

        // The training default (within 3 % on average), then a long warm start (within 1 %: everywhere for masked dense
        // norms; on average for sandwich layers, whose worst vertex is found by a local ascent and whose certified bound
        // takes the midpoint rule above 10 unstable neurons); never above the exact bound.
        var sandwich = kind.StartsWith("sandwich", StringComparison.Ordinal);
        foreach (var (iterations, mean, worst) in new[] { (new LocalLipOptions().PowerIterations, 0.97, 0.0), (200, 0.99, sandwich ? 0.75 : 0.99) })
        {
            using var norms = new PowerIterationNorms(iterations);
            LocalPairBounds.StageProduct(network, bounds, last, norms);
            var training = LocalPairBounds.StageProduct(network, bounds, last, norms).Product.detach().to_type(ScalarType.Float64);
            var ratio = training / exact;
            output.WriteLine($"{kind} seed {seed}, {iterations} power steps: training / exact mean {ratio.mean().ToDouble():F5}, range [{ratio.min().ToDouble():F5}, {ratio.max().ToDouble():F5}], {stable:P1} of neurons stable");
            Assert.True(ratio.max().ToDouble() <= 1 + 1e-4, $"training bound {ratio.max().ToDouble()} of the exact one: power iteration cannot exceed it");
            Assert.True(ratio.mean().ToDouble() >= mean, $"training bound {ratio.mean().ToDouble()} of the exact one on average");
            Assert.True(ratio.min().ToDouble() >= worst, $"training bound {ratio.min().ToDouble()} of the exact one after {iterations} steps");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Local_lip_raises_the_stable_fraction_and_the_local_certificate_gain_over_the_offset_loss(int seed)
    {
        // The sandwich network with clipped ReLUs, whose local bound is the worst vertex of its slope box (SandwichJacobianBound).
        const string kind = "sandwich-clipped";
        const double sparsity = 1.0;
        var offset = Train(kind, seed, new LogitObjective((z, y) => LbdnLosses.OffsetCrossEntropy(z, y, Math.Sqrt(2) * Eps)));
        using var objective = new LocalLipObjective(new LocalLipOptions { Eps = Eps, SparsityWeight = sparsity, FinalKappa = 0.5, RampFraction = 0.4 });
        var localLip = Train(kind, seed, objective);

        output.WriteLine($"{kind} seed {seed} sparsity {sparsity}: offset loss {offset}; Local-Lip {localLip}");
        Assert.True(localLip.Stable > offset.Stable, $"{localLip.Stable:P1} of neurons stable with Local-Lip, {offset.Stable:P1} with the offset loss");
        Assert.True(localLip.Gain > offset.Gain + 0.05, $"local minus global certified {localLip.Gain:P1} with Local-Lip, {offset.Gain:P1} with the offset loss");
        Assert.True(localLip.Local >= offset.Local, $"Local-Lip certifies {localLip.Local:P1} locally, the offset loss {offset.Local:P1}");
    }

    [Fact]
    public void Gradients_reach_the_thresholds_and_training_keeps_them_non_negative()
    {
        using var network = Network("dense-clipped", seed: 3);
        var (inputs, labels) = TinyProblem.Data(128, seed: 3);
        using var objective = new LocalLipObjective(new LocalLipOptions { Eps = Eps, SparsityWeight = 5.0, RampFraction = 0 });
        objective.Loss(new TrainingBatch(network, inputs * 2, labels, 1, 0, 1)).backward();
        var thresholds = network.named_parameters().Where(p => p.name.EndsWith("theta", StringComparison.Ordinal)).Select(p => p.parameter).ToList();
        Assert.Equal(2, thresholds.Count);
        Assert.All(thresholds, theta => Assert.True(theta.grad is { } g && g.abs().sum().ToDouble() > 0, "no gradient reached a threshold"));

        using var trainer = new Trainer(network, new TrainingOptions { Epochs = 20, BatchSize = 32, PeakLearningRate = 0.05, Objective = objective });
        trainer.Fit(inputs * 2, labels);
        using var after = cat([.. thresholds.Select(theta => theta.detach().flatten())]);
        output.WriteLine($"thresholds after training: min {after.min().ToDouble()}, mean {after.mean().ToDouble()}");
        Assert.True(after.min().ToDouble() >= 0, $"threshold {after.min().ToDouble()} below zero");
        Assert.True((after - LipschitzActivation.InitialThreshold).abs().max().ToDouble() > 0.05, "the thresholds did not move");
    }

    private sealed record Outcome(double Stable, double Global, double Local)
    {
        public double Gain => Local - Global;

        public override string ToString() => $"stable {Stable:P1}, certified global {Global:P1}, local {Local:P1}";
    }

    // 30 epochs of the same trainer, seed and data with the given objective; certified on 512 fresh points.
    private static Outcome Train(string kind, int seed, ITrainingObjective objective)
    {
        using var network = Network(kind, seed);
        var (inputs, labels) = Disc(512, seed: (ulong)seed);
        using (var trainer = new Trainer(network, new TrainingOptions { Epochs = 30, BatchSize = 64, PeakLearningRate = 0.01, Seed = seed, Objective = objective }))
        {
            trainer.Fit(inputs, labels);
        }

        network.eval();
        var (test, truth) = Disc(512, seed: 1000);
        var reports = CertificationReport.Run(network, test, truth, [Eps], new CertificationOptions(Pgd: new PgdOptions(Steps: 5, Restarts: 1)));
        return new Outcome(reports[0].StableFraction, reports[0].CertifiedGlobal, reports[0].CertifiedLocal);
    }

    // x uniform on [-2, 2]^2, class 1 inside the disc of radius 1.2: a curved boundary a 1-Lipschitz network fits only locally.
    private static (Tensor Inputs, Tensor Labels) Disc(int count, ulong seed)
    {
        using var generator = new Generator(seed);
        var inputs = (rand([count, 2], generator: generator) * 4) - 2;
        return (inputs, inputs.norm(1).lt(1.2).to_type(ScalarType.Int64));
    }

    // Sandwich 4-16-16-3 (randomised) or dense 2-32-32-2 (default initialisation), clipped ReLUs.
    private static LipschitzSequential Network(string kind, int seed, int inputs = 2)
    {
        manual_seed(seed);
        var network = kind == "sandwich-clipped"
            ? new LipschitzSequential(
                [inputs],
                new SandwichLayer(inputs, 16, Activation.ClippedReLU),
                new SandwichLayer(16, 16, Activation.ClippedReLU),
                new SandwichLinear(16, 3))
            : new LipschitzSequential(
                [inputs],
                new DenseLayer(inputs, 32, 1.0, Activation.ClippedReLU),
                new DenseLayer(32, 32, 1.0, Activation.ClippedReLU),
                new DenseLayer(32, 2, 1.0, Activation.Identity));
        if (kind == "sandwich-clipped")
        {
            NetworkFactory.Randomise(network, 1.0);
        }

        network.train();
        return network;
    }
}
