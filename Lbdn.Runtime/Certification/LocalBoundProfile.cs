using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Where the local certificate gains and where it cannot: per certified stage of a network, the neurons varying on the
/// eps-balls of some inputs and the stage's exact local bound (the one <see cref="LocalCertificate"/> multiplies),
/// against its global bound.
/// </summary>
public static class LocalBoundProfile
{
    /// <summary>The profile of every certified stage of <paramref name="network"/> over the balls of radius <paramref name="eps"/> around <paramref name="inputs"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A radius that is not positive and finite, or no inputs.</exception>
    /// <exception cref="NotSupportedException">The network cannot be certified locally.</exception>
    public static IReadOnlyList<StageProfile> Of(ILipschitzNetwork network, Tensor inputs, double eps, int batchSize = 100)
    {
        if (!(eps > 0) || !double.IsFinite(eps))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, "The radius must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfZero(inputs.shape[0], nameof(inputs));
        using var _ = no_grad();
        using var certifiable = CertifiableNetwork.From(network);
        using var certificate = new LocalCertificate(certifiable);
        var columns = new List<(double Global, long Neurons, List<(double Varying, double Local)> Samples)>();
        for (long start = 0; start < inputs.shape[0]; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var bounds = certificate.Bounds(inputs.narrow(0, start, Math.Min(batchSize, inputs.shape[0] - start)), eps);
            var index = 0;
            foreach (var (stage, own, local) in certifiable.Stages.Locals(bounds, NormBound.Exact))
            {
                if (start == 0)
                {
                    columns.Add((stage.Bound, own.Sum(b => b.Varying[0].numel()), []));
                }

                if (own.Count > 0 && local is not null)
                {
                    var varying = own.Select(b => b.Varying.flatten(1).sum(1).to_type(ScalarType.Float64)).Aggregate((a, b) => a + b);
                    columns[index].Samples.AddRange(varying.cpu().data<double>().ToArray().Zip(local.cpu().data<double>().ToArray()));
                }

                index++;
            }
        }

        return [.. columns.Select((column, index) => Profile(index, column.Global, column.Neurons, column.Samples))];
    }

    private static StageProfile Profile(int index, double global, long neurons, List<(double Varying, double Local)> samples) =>
        samples.Count == 0
            ? new(index, global, 0, 0, global, global, global, 1)
            : new(index, global, neurons, samples.Average(s => s.Varying), samples.Average(s => s.Local), samples.Min(s => s.Local),
                samples.Max(s => s.Local), samples.Count(s => s.Local >= global) / (double)samples.Count);
}
