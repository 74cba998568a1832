using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

public sealed class GlobalCertificateTests
{
    private const ScalarType F64 = ScalarType.Float64;

    [Fact]
    public void The_radius_is_the_margin_over_sqrt2_L_and_certifies_just_below_it()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 3.0, 1.0, 0.5, -2.0, 0.0, 1.9 }, [2, 3], dtype: F64);
        var radius = GlobalCertificate.Radius(logits, 2.0).data<double>().ToArray();

        Assert.Equal(2.0 / (Math.Sqrt(2) * 2), radius[0], 12);
        Assert.Equal(1.9 / (Math.Sqrt(2) * 2), radius[1], 12);
        Assert.Equal([true, true], GlobalCertificate.Certified(logits, 2.0, 0.999 * radius[1]).data<bool>().ToArray());
        Assert.Equal([true, false], GlobalCertificate.Certified(logits, 2.0, radius[1]).data<bool>().ToArray());
        Assert.Equal([false, false], GlobalCertificate.Certified(logits, 2.0, radius[0]).data<bool>().ToArray());
    }

    [Fact]
    public void The_per_pair_rule_uses_the_distance_between_rows_of_the_last_weight()
    {
        using var scope = NewDisposeScope();
        // Rows 0 and 1 are 0.5 apart, row 2 is far: only the pair (0, 1) matters for a close call between them.
        var weight = tensor(new[] { 1.0, 0.0, 1.0, 0.5, -9.0, 0.0 }, [3, 2], dtype: F64);
        using var last = new LastAffine(weight, penultimateBound: 1.0);
        var logits = tensor(new[] { 1.0, 0.6, -20.0 }, [1, 3], dtype: F64);

        // Margin to class 1 is 0.4 = eps * 1 * 0.5 at eps = 0.8; the plain rule needs eps < 0.4 / sqrt(2).
        Assert.True(GlobalCertificate.Certified(logits, 1.0, 0.79, last)[0].ToBoolean());
        Assert.False(GlobalCertificate.Certified(logits, 1.0, 0.81, last)[0].ToBoolean());
        Assert.False(GlobalCertificate.Certified(logits, 1.0, 0.79)[0].ToBoolean());
    }

    [Fact]
    public void The_last_affine_stage_of_a_sandwich_network_is_found_with_its_trailing_scale()
    {
        using var network = CertificationNetworks.Build("sandwich", seed: 1);
        using var last = LastAffine.Of(network);

        Assert.NotNull(last);
        Assert.Equal(Math.Sqrt(2), last.PenultimateBound, 12);
        Assert.Equal(3, last.StageIndex);
        Assert.Equal([3L, 6L], last.Weight.shape);
    }

    [Fact]
    public void Certified_accuracy_counts_only_correct_certified_predictions_and_falls_with_the_radius()
    {
        using var network = CertificationNetworks.Build("sandwich", seed: 2);
        using var certifiable = CertifiableNetwork.From(network);
        using var scope = NewDisposeScope();
        var inputs = CertificationNetworks.Inputs(network, 300, seed: 5);
        var predicted = certifiable.Logits(inputs).argmax(1);
        var labels = where(arange(300) % 3 == 0, (predicted + 1) % 3, predicted);

        var accuracy = GlobalCertificate.CertifiedAccuracy(certifiable, inputs, labels, [0.0, 0.05, 0.2, 1.0], batchSize: 64);

        Assert.True(accuracy[0] <= 200.0 / 300 && accuracy[0] > 0.6, $"at radius 0: {accuracy[0]}");
        Assert.True(accuracy.Zip(accuracy.Skip(1)).All(pair => pair.First >= pair.Second), string.Join(", ", accuracy));
    }
}
