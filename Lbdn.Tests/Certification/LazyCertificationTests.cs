using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary>The lazy certificate (cheap upper bounds, lower estimates, exact norms in between) against one exact propagation.</summary>
public sealed class LazyCertificationTests
{
    public static TheoryData<string> Kinds => new() { "sandwich", "dense-clipped", "every-dense-kind", "orthogonal" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Lazy_decisions_equal_the_exact_ones_and_its_bounds_never_undercut_them(string kind)
    {
        var (certified, uncertified) = (0, 0);
        for (var seed = 0; seed < 6; seed++)
        {
            using var network = CertificationNetworks.Build(kind, seed);
            using var certifiable = CertifiableNetwork.From(network);
            using var local = new LocalCertificate(certifiable);
            var inputs = CertificationNetworks.Inputs(network, 40, seed);
            foreach (var eps in new[] { 0.01, 0.05, 0.2, 1.0 })
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var lazy = local.Certify(inputs, eps);
                var (exactCertified, exactPredicted, exactBound, _) = local.CertifyBatch(inputs, eps, NormBound.Exact);
                var (decisions, predicted, bounds) = (exactCertified.data<bool>().ToArray(), exactPredicted.data<long>().ToArray(), exactBound.data<double>().ToArray());
                for (var i = 0; i < decisions.Length; i++)
                {
                    Assert.Equal(decisions[i], lazy.Certified[i]);
                    Assert.Equal(predicted[i], lazy.Predicted[i]);
                    Assert.True(lazy.LocalBound[i] >= bounds[i] * (1 - 1e-12), $"{kind} seed {seed} eps {eps} input {i}: {lazy.LocalBound[i]} below the exact {bounds[i]}");
                    (certified, uncertified) = decisions[i] ? (certified + 1, uncertified) : (certified, uncertified + 1);
                }
            }
        }

        Assert.True(certified > 0 && uncertified > 0, $"{kind}: {certified} certified, {uncertified} not; both decisions must be exercised");
    }
}
