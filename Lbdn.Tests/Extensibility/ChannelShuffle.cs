using Lbdn.Certification;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Extensibility;

/// <summary>
/// A layer kind written only here, to prove that one runtime type is enough: y_i = x_{pi(i)} over the features, the
/// channel shuffle pi(g k + j) = j G + g for G groups of K features. A permutation is an isometry (bound 1); it freezes into
/// the existing frozen linear step (the permutation matrix), so certification needs nothing else from it.
/// </summary>
internal sealed class ChannelShuffle : nn.Module<Tensor, Tensor>, ILipschitzModule, IFreezable, IIntervalStage
{
    private readonly long[] permutation;

    public ChannelShuffle(long features, long groups) : base(nameof(ChannelShuffle))
    {
        var width = features / groups;
        permutation = [.. Enumerable.Range(0, (int)features).Select(i => (long)(((i % width) * groups) + (i / width)))];
    }

    public double LipschitzBound => 1.0;

    public int MaskedActivations => 0;

    public override Tensor forward(Tensor input) => Shuffle(input);

    public nn.Module<Tensor, Tensor> Freeze() => Freeze(ScalarType.Float32);

    // P with P_{i, pi(i)} = 1, so P x = x[pi].
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        using var scope = NewDisposeScope();
        var matrix = zeros(permutation.Length, permutation.Length, dtype: precision);
        matrix.index_put_(ones(permutation.Length, dtype: precision), arange(permutation.Length), tensor(permutation));
        return new FrozenLinear(matrix, null);
    }

    public IntervalBall Propagate(IntervalBall ball, IList<NeuronBounds> collected) => ball.Rearranged(Shuffle);

    public MaskedMaps? Maps() => null;

    public AffineForm? Affine() => null;

    private Tensor Shuffle(Tensor input)
    {
        using var index = tensor(permutation, device: input.device);
        return input.index_select(-1, index);
    }
}
