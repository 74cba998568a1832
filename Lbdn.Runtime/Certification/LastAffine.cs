using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// The last affine stage y = W h + b of a network, as its float64 weight W (trailing scales folded in), and the proven
/// bound of everything before it: what the per-pair global rule z_y - z_i &gt; eps L_penultimate ||w_y - w_i|| needs.
/// </summary>
public sealed class LastAffine : IDisposable
{
    /// <summary>Wraps a weight (classes x features) and the penultimate bound.</summary>
    public LastAffine(Tensor weight, double penultimateBound) : this(weight, penultimateBound, -1)
    {
    }

    private LastAffine(Tensor weight, double penultimateBound, int stageIndex)
    {
        StageIndex = stageIndex;
        Weight = weight.detach().to_type(ScalarType.Float64).clone().DetachFromDisposeScope();
        PenultimateBound = penultimateBound;
        using var scope = NewDisposeScope();
        PairNorms = PairDifferences.Of(Weight, arange(Weight.shape[0], device: Weight.device)).norm(-1).DetachFromDisposeScope();
    }

    /// <summary>The last weight W, float64.</summary>
    public Tensor Weight { get; }

    /// <summary>||w_c - w_i|| for every pair of classes, [classes, classes].</summary>
    internal Tensor PairNorms { get; }

    /// <summary>The proven l2 bound of the stages before the last affine one.</summary>
    public double PenultimateBound { get; }

    /// <summary>The index of the last affine stage among the certified stages (nested networks contribute theirs), or -1 when built from a bare weight.</summary>
    public int StageIndex { get; }

    /// <summary>
    /// Finds the last affine stage of <paramref name="network"/> (a stage whose <see cref="CertifiedStage.Affine"/> has a
    /// weight), followed only by scales. Null when the network ends otherwise. The weight is that of the stage frozen in
    /// float64, as in <see cref="CertifiableNetwork"/>.
    /// </summary>
    public static LastAffine? Of(ILipschitzNetwork network)
    {
        using var _ = no_grad();
        var stages = CertifiedStage.Compose(network, ScalarType.Float64);
        try
        {
            return Of(stages);
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

    /// <summary>The last affine stage of certified <paramref name="stages"/>, trailing scales folded into its weight, or null.</summary>
    internal static LastAffine? Of(IReadOnlyList<CertifiedStage> stages)
    {
        using var scope = NewDisposeScope();
        var index = stages.Count - 1;
        var scale = 1.0;
        while (index >= 0 && stages[index].Affine is { Weight: null } trailing)
        {
            scale *= trailing.Factor;
            index--;
        }

        if (index < 0 || stages[index].Affine is not { Weight: { } weight } affine)
        {
            return null;
        }

        return new LastAffine(weight * (affine.Factor * scale), stages.Take(index).Aggregate(1.0, (product, stage) => product * stage.Bound), index);
    }

    /// <summary>
    /// The index of the last affine stage among <paramref name="network"/>'s stages, its live weight (differentiable) and
    /// the product of its factor and the trailing scales, or null.
    /// </summary>
    internal static (int Index, Tensor Weight, double Scale)? Find(ILipschitzNetwork network)
    {
        var stages = network.Stages;
        var index = stages.Count - 1;
        var scale = 1.0;
        while (index >= 0 && (stages[index] as IIntervalStage)?.Affine() is { Weight: null } trailing)
        {
            scale *= trailing.Factor;
            index--;
        }

        return index >= 0 && (stages[index] as IIntervalStage)?.Affine() is { Weight: { } weight } affine
            ? (index, weight, affine.Factor * scale)
            : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Weight.Dispose();
        PairNorms.Dispose();
    }
}
