using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary><see cref="CertifiableNetwork.Of"/> builds the certified copy once per parameter version and never serves a stale one.</summary>
public sealed class SharedCopyTests
{
    public static TheoryData<string> Kinds => new() { "sandwich", "dense-clipped", "every-dense-kind", "orthogonal", "conv", "conv-flat" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_shared_copy_is_reused_while_the_parameters_are_unchanged_and_outlives_the_callers_dispose_scope(string kind)
    {
        using var network = CertificationNetworks.Build(kind, seed: 21);
        using var x = CertificationNetworks.Inputs(network, 16, seed: 22);
        CertifiableNetwork first;
        using (NewDisposeScope())
        {
            first = CertifiableNetwork.Of(network);
            first.Logits(x);
        }

        using var fresh = CertifiableNetwork.From(network);
        using var expected = fresh.Logits(x);
        using var shared = first.Logits(x);

        Assert.Same(first, CertifiableNetwork.Of(network));
        Assert.True((shared - expected).abs().max().ToDouble() == 0, kind);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Any_parameter_change_rebuilds_the_copy(string kind)
    {
        using var network = CertificationNetworks.Build(kind, seed: 23);
        using var x = CertificationNetworks.Inputs(network, 16, seed: 24);
        var before = CertifiableNetwork.Of(network);
        using var logitsBefore = before.Logits(x);

        foreach (var (name, parameter) in network.named_parameters())
        {
            using (no_grad())
            {
                parameter.add_(0.05);
            }

            var after = CertifiableNetwork.Of(network);
            using var fresh = CertifiableNetwork.From(network);
            using var expected = fresh.Logits(x);
            using var served = after.Logits(x);

            Assert.NotSame(before, after);
            Assert.True((served - expected).abs().max().ToDouble() == 0, $"{kind}: {name}");
            before = after;
        }

        using var logitsAfter = before.Logits(x);
        Assert.True((logitsAfter - logitsBefore).abs().max().ToDouble() > 1e-6, kind);
    }
}
