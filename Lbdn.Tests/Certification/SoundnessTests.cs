using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary>No false yes: whatever is certified survives a strong attack and dense sampling of its ball, exactly.</summary>
[Integration]
public sealed class SoundnessTests
{
    public static TheoryData<string> Kinds => new() { "sandwich", "sandwich-clipped", "dense-clipped", "every-dense-kind", "orthogonal", "conv", "conv-flat", "sll", "zero-padded-conv" };

    private static readonly double[] Radii = [0.02, 0.1, 0.3, 1.0];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Certified_predictions_survive_attacks_and_sampling(string kind)
    {
        var (certifiedTotal, checkedTotal) = (0, 0);
        for (var seed = 0; seed < 4; seed++)
        {
            using var network = CertificationNetworks.Build(kind, seed);
            using var certifiable = CertifiableNetwork.From(network);
            using var local = new LocalCertificate(certifiable);
            using var scope = NewDisposeScope();
            var inputs = CertificationNetworks.Inputs(network, 24, seed + 100);
            using var generator = new Generator((ulong)seed + 7);
            Tensor predicted;
            using (no_grad())
            {
                predicted = network.call(inputs).argmax(1);
            }

            foreach (var eps in Radii)
            {
                var result = local.Certify(inputs, eps, batchSize: 10);
                var global = GlobalCertificate.Certified(certifiable.Logits(inputs), certifiable.GlobalBound, eps, certifiable.Last).data<bool>().ToArray();
                var broken = Pgd.Attack(network, inputs, predicted, eps, new PgdOptions(Steps: 60, Restarts: 4, Seed: seed));
                for (var i = 0; i < result.Certified.Length; i++)
                {
                    Assert.True(result.LocalBound[i] <= certifiable.GlobalBound, $"{kind} seed {seed}: local bound {result.LocalBound[i]} above global {certifiable.GlobalBound}");
                    Assert.True(result.Certified[i] || !global[i], $"{kind} seed {seed} eps {eps}: input {i} certified globally but not locally");
                    AssertLocallyLipschitz(network, inputs[i], eps, result.LocalBound[i], generator, $"{kind} seed {seed} eps {eps} input {i}");
                    checkedTotal++;
                    if (!result.Certified[i])
                    {
                        continue;
                    }

                    certifiedTotal++;
                    Assert.Equal(predicted[i].ToInt64(), result.Predicted[i]);
                    Assert.False(broken[i], $"{kind} seed {seed} eps {eps}: certified input {i} broken by PGD");
                    using var samples = CertificationNetworks.BallSamples(inputs[i], eps, 1000, generator);
                    using var noGrad = no_grad();
                    using var changed = network.call(samples).argmax(1).ne(predicted[i]).sum();
                    Assert.True(changed.ToInt64() == 0, $"{kind} seed {seed} eps {eps}: certified input {i} changes at {changed.ToInt64()} sampled points");
                }
            }
        }

        Assert.True(certifiedTotal > checkedTotal / 10, $"{kind}: only {certifiedTotal} of {checkedTotal} certified; the test would be vacuous");
    }

    // ||f(x') - f(x)|| <= LocalBound ||x' - x|| on sampled x' of the ball; 1e-12 absorbs this check's own float64 rounding.
    private static void AssertLocallyLipschitz(nn.Module<Tensor, Tensor> network, Tensor x, double eps, double bound, Generator generator, string context)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var samples = CertificationNetworks.BallSamples(x, eps, 200, generator);
        var change = (network.call(samples) - network.call(x.unsqueeze(0))).norm(1);
        var distance = (samples - x.unsqueeze(0)).flatten(1).norm(1);
        var excess = (change - (distance * bound) - 1e-12).max().ToDouble();
        Assert.True(excess <= 0, $"{context}: the output moves {excess} beyond the local bound {bound}");
    }
}
