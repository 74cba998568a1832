using Lbdn.Layers;
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
    }

    /// <summary>The last weight W, float64.</summary>
    public Tensor Weight { get; }

    /// <summary>The proven l2 bound of the stages before the last affine one.</summary>
    public double PenultimateBound { get; }

    /// <summary>The index of the last affine stage in the network's stages, or -1 when built from a bare weight.</summary>
    public int StageIndex { get; }

    /// <summary>
    /// Finds the last affine stage of <paramref name="network"/>: a <see cref="SandwichLinear"/>, or a dense or orthogonal
    /// layer with the identity activation, followed only by scales. Null when the network ends otherwise. The weight is
    /// that of the stage frozen in float64, as in <see cref="CertifiableNetwork"/>.
    /// </summary>
    public static LastAffine? Of(ILipschitzNetwork network)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        if (Locate(network) is not var (index, scale))
        {
            return null;
        }

        using var frozen = ((IFreezable)network.Stages[index]).Freeze(ScalarType.Float64);
        var affine = frozen as FrozenLinear ?? ((FrozenSequence)frozen).Steps.OfType<FrozenLinear>().First();
        return new LastAffine(affine.Weight * scale, StageProduct(network, index), index);
    }

    /// <summary>The index of the last affine stage, its live weight (differentiable) and the product of the trailing scales, or null.</summary>
    internal static (int Index, Tensor Weight, double Scale)? Find(ILipschitzNetwork network) =>
        Locate(network) is var (index, scale) ? (index, LiveWeight(network.Stages[index]), scale) : null;

    // The index of the last affine stage and the product of the scales after it, or null.
    private static (int Index, double Scale)? Locate(ILipschitzNetwork network)
    {
        var stages = network.Stages;
        var scale = 1.0;
        var index = stages.Count - 1;
        while (index >= 0 && stages[index] is LipschitzScale trailing)
        {
            scale *= trailing.Factor;
            index--;
        }

        var affine = index >= 0 && stages[index] is (SandwichLinear
            or DenseLayer { Sigma.Kind: Activation.Identity }
            or OrthogonalLinear { Sigma.Kind: Activation.Identity });
        return affine ? (index, scale) : null;
    }

    private static Tensor LiveWeight(nn.Module<Tensor, Tensor> stage) => stage switch
    {
        SandwichLinear linear => linear.Weight(),
        DenseLayer dense => dense.Weight(),
        _ => ((OrthogonalLinear)stage).Weight(),
    };

    /// <summary>The product of the proven bounds of the first <paramref name="count"/> stages.</summary>
    internal static double StageProduct(ILipschitzNetwork network, int count) =>
        network.Stages.Take(count).Aggregate(1.0, (product, stage) => product * ((ILipschitzModule)stage).LipschitzBound);

    /// <inheritdoc />
    public void Dispose() => Weight.Dispose();
}
