using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

[Integration]
public sealed class CertificationReportTests
{
    [Fact]
    public void Reports_order_clean_pgd_local_and_global_accuracy_and_report_progress()
    {
        using var network = CertificationNetworks.Build("dense-clipped", seed: 3);
        using var scope = NewDisposeScope();
        var inputs = CertificationNetworks.Inputs(network, 120, seed: 8);
        Tensor labels;
        using (no_grad())
        {
            labels = network.call(inputs).argmax(1);
        }

        labels[..10] = (labels[..10] + 1) % 3;
        var updates = new List<CertificationProgress>();

        var reports = CertificationReport.Run(network, inputs, labels, [0.05, 0.3], new CertificationOptions(BatchSize: 50),
            new SynchronousProgress<CertificationProgress>(updates.Add));

        Assert.Equal([0.05, 0.3], reports.Select(r => r.Radius));
        foreach (var r in reports)
        {
            Assert.Equal(110.0 / 120, r.CleanAccuracy, 12);
            Assert.True(r.CleanAccuracy >= r.PgdAccuracy && r.PgdAccuracy >= r.CertifiedLocal && r.CertifiedLocal >= r.CertifiedGlobal, r.ToString());
        }

        Assert.True(reports[0].CertifiedLocal > reports[1].CertifiedLocal);
        Assert.Equal(6, updates.Count);
        Assert.Equal(new CertificationProgress(0.3, 1, 2, 120, 120), updates[^1]);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
