using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>Interval rules of activations shared by the sound certifier and the differentiable interval propagation.</summary>
internal static class OrderBounds
{
    /// <summary>Dead: u &lt;= 0 (ReLU, clipped ReLU); saturated: l &gt;= theta (clipped ReLU). Other kinds are never constant.</summary>
    public static Tensor MayVary(LipschitzActivation activation, Tensor lower, Tensor upper) => activation.Kind switch
    {
        Activation.ReLU => upper > 0,
        Activation.ClippedReLU => (upper > 0) & (lower < activation.Threshold!) & (activation.Threshold! > 0),
        _ => ones_like(upper, dtype: ScalarType.Bool),
    };

    /// <summary>MaxMin is monotone in each argument: [max(a, b), min(a, b)] applied to lower and to upper bounds.</summary>
    public static Tensor MaxMin(Tensor bound, long dim)
    {
        var halves = bound.chunk(2, dim);
        return cat([maximum(halves[0], halves[1]), minimum(halves[0], halves[1])], dim);
    }

    /// <summary>The j-th largest of a group is monotone in every entry, so sorted bounds bound the sorted values.</summary>
    public static Tensor GroupSort(Tensor bound, long dim) => Grouped(bound, dim, g => g.sort(-1, descending: true).Values);

    /// <summary>Applies <paramref name="perGroup"/> to groups of <see cref="LipschitzActivation.GroupSize"/> neurons along <paramref name="dim"/>.</summary>
    public static Tensor Grouped(Tensor bound, long dim, Func<Tensor, Tensor> perGroup)
    {
        var moved = bound.transpose(dim, -1);
        var shape = moved.shape;
        var groups = moved.reshape([.. shape[..^1], shape[^1] / LipschitzActivation.GroupSize, LipschitzActivation.GroupSize]);
        return perGroup(groups).reshape(shape).transpose(-1, dim);
    }
}
