using System.Diagnostics;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>Clean, certified (global and local) and empirical robust accuracy of a network at a list of radii.</summary>
public static class CertificationReport
{
    /// <summary>One <see cref="RadiusReport"/> per radius, over <paramref name="inputs"/> and int64 <paramref name="labels"/>, in batches.</summary>
    public static IReadOnlyList<RadiusReport> Run<TNetwork>(TNetwork network, Tensor inputs, Tensor labels, IReadOnlyList<double> radii,
        CertificationOptions? options = null, IProgress<CertificationProgress>? progress = null)
        where TNetwork : nn.Module<Tensor, Tensor>, ILipschitzNetwork
    {
        options ??= new CertificationOptions();
        var wasTraining = network.training;
        network.eval();
        try
        {
            using var certifiable = CertifiableNetwork.From(network);
            using var local = new LocalCertificate(certifiable);
            var reports = new List<RadiusReport>();
            for (var r = 0; r < radii.Count; r++)
            {
                reports.Add(AtRadius(network, certifiable, local, inputs, labels, radii[r], options, done => progress?.Report(new CertificationProgress(radii[r], r, radii.Count, done, inputs.shape[0]))));
            }

            return reports;
        }
        finally
        {
            network.train(wasTraining);
        }
    }

    private static RadiusReport AtRadius(nn.Module<Tensor, Tensor> network, CertifiableNetwork certifiable, LocalCertificate local,
        Tensor inputs, Tensor labels, double eps, CertificationOptions options, Action<long> reportDone)
    {
        var clock = Stopwatch.StartNew();
        var total = inputs.shape[0];
        long clean = 0, global = 0, locally = 0, robust = 0;
        var stable = 0.0;
        for (long start = 0; start < total; start += options.BatchSize)
        {
            using var scope = NewDisposeScope();
            var length = Math.Min(options.BatchSize, total - start);
            var x = inputs.narrow(0, start, length);
            var y = labels.narrow(0, start, length);
            var truth = y.to(CPU).data<long>().ToArray();
            var z = certifiable.Logits(x);
            var correct = z.argmax(1).eq(y.to(z.device));
            var certifiedGlobally = GlobalCertificate.Certified(z, certifiable.GlobalBound, eps, certifiable.Last) & correct;
            var certifiedLocally = local.Certify(x, eps, options.BatchSize);
            var broken = Pgd.Attack(network, x, y, eps, options.Pgd);
            clean += correct.sum().ToInt64();
            global += certifiedGlobally.sum().ToInt64();
            locally += truth.Where((label, i) => certifiedLocally.Certified[i] && certifiedLocally.Predicted[i] == label).Count();
            robust += broken.Count(b => !b);
            stable += certifiedLocally.StableFraction * length;
            reportDone(start + length);
        }

        return new RadiusReport(eps, (double)clean / total, (double)global / total, (double)locally / total, (double)robust / total, clock.Elapsed, stable / total);
    }
}
