using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>The rows w_y - w_i of the last affine map for every class i, per sample with label or prediction y.</summary>
public static class PairDifferences
{
    /// <summary>[batch, classes, ..] with entry (n, i) = w_{y_n} - w_i, for <paramref name="rows"/> [classes, ..] (weights or biases).</summary>
    public static Tensor Of(Tensor rows, Tensor y) => rows.index_select(0, y).unsqueeze(1) - rows.unsqueeze(0);
}
