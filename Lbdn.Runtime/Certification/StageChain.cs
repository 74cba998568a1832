using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Local bounds per stage of the unfused network, each at most the stage's proven global bound, as each stage's
/// <see cref="ILocalBound"/> answers from the certified copy's float64 weights (for sandwich layers
/// min(1, ||sqrt(2) A^T Psi P|| ||P sqrt(2) Psi^-1 B||), Wang and Manchester, ICML 2023, restricted to the ball). Their
/// product bounds the network on the ball, often far below the fused chain.
/// </summary>
internal sealed class StageChain : IDisposable
{
    private readonly IReadOnlyList<CertifiedStage> stages;

    public StageChain(IReadOnlyList<CertifiedStage> stages)
    {
        this.stages = stages;
        ActivationCount = stages.Sum(stage => stage.Activations);
    }

    /// <summary>The number of activations over all stages; must match the certified steps for the masks to line up.</summary>
    public int ActivationCount { get; }

    /// <summary>
    /// eps times the product of the local bounds of the first k stages, per sample, for every k from 0 to the number of
    /// stages, from the varying masks of every activation of the network in order.
    /// </summary>
    public IReadOnlyList<Tensor> Radii(IReadOnlyList<NeuronBounds> activations, double eps, NormBound kind)
    {
        var (batch, device) = activations.Count > 0 ? (activations[0].Varying.shape[0], activations[0].Varying.device) : (1L, CPU);
        var radii = new List<Tensor> { full([batch], eps, dtype: ScalarType.Float64, device: device) };
        foreach (var (stage, _, local) in Locals(activations, kind))
        {
            radii.Add(local is null ? radii[^1] * stage.Bound : radii[^1] * local);
        }

        return radii;
    }

    /// <summary>
    /// Every stage in order with the activations it owns (its slice of <paramref name="activations"/>) and its local bound
    /// per sample, null for a stage certified by its global bound.
    /// </summary>
    public IEnumerable<(CertifiedStage Stage, IReadOnlyList<NeuronBounds> Own, Tensor? Local)> Locals(IReadOnlyList<NeuronBounds> activations, NormBound kind)
    {
        var offset = 0;
        foreach (var stage in stages)
        {
            var own = activations.Skip(offset).Take(stage.Activations).ToList();
            offset += stage.Activations;
            yield return (stage, own, stage.Local?.Bound(own, kind));
        }
    }

    /// <summary>
    /// The per-pair vertex bound through the sandwich stage that feeds the last affine stage at <paramref name="lastIndex"/>
    /// with weight <paramref name="lastWeight"/>, and the offset of its activations; null when that stage is not a sandwich layer.
    /// </summary>
    public (PairVertexBound Bound, int Offset)? PairVertices(int lastIndex, Tensor lastWeight)
    {
        if (lastIndex < 1 || stages[lastIndex - 1].Local is not MaskedLocalBound { Slopes: { } slopes })
        {
            return null;
        }

        return (new PairVertexBound(lastWeight, slopes.Outer, slopes.Inner), stages.Take(lastIndex - 1).Sum(stage => stage.Activations));
    }

    public void Dispose()
    {
        foreach (var stage in stages)
        {
            stage.Dispose();
        }
    }
}
