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
        var stages = CertifiedStage.Compose(network, ScalarType.Float64);
        try
        {
            var samples = stages.Select(_ => new List<(double Varying, double Local)>()).ToList();
            var neurons = new long[stages.Count];
            for (long start = 0; start < inputs.shape[0]; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var bounds = certificate.Bounds(inputs.narrow(0, start, Math.Min(batchSize, inputs.shape[0] - start)), eps);
                var offset = 0;
                for (var index = 0; index < stages.Count; index++)
                {
                    var own = bounds.Skip(offset).Take(stages[index].Activations).ToList();
                    offset += own.Count;
                    if (own.Count > 0 && stages[index].Local?.Bound(own, NormBound.Exact) is { } local)
                    {
                        neurons[index] = own.Sum(b => b.Varying[0].numel());
                        var varying = own.Select(b => b.Varying.flatten(1).sum(1).to_type(ScalarType.Float64)).Aggregate((a, b) => a + b);
                        samples[index].AddRange(varying.cpu().data<double>().ToArray().Zip(local.cpu().data<double>().ToArray()));
                    }
                }
            }

            return [.. stages.Select((stage, index) => Profile(index, stage.Bound, neurons[index], samples[index]))];
        }
        finally
        {
            foreach (var stage in stages)
            {
                stage.Frozen.Dispose();
                stage.Dispose();
            }
        }
    }

    private static StageProfile Profile(int index, double global, long neurons, List<(double Varying, double Local)> samples) =>
        samples.Count == 0
            ? new(index, global, 0, 0, global, global, global, 1)
            : new(index, global, neurons, samples.Average(s => s.Varying), samples.Average(s => s.Local), samples.Min(s => s.Local),
                samples.Max(s => s.Local), samples.Count(s => s.Local >= global) / (double)samples.Count);
}
