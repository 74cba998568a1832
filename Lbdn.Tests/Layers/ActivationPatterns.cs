using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

/// <summary>Exact worst cases over activation patterns of slope-restricted activations.</summary>
internal static class ActivationPatterns
{
    /// <summary>Every D in {0,1}^n as the rows of a float64 [2^n, n] tensor: the vertices of the box of slopes [0, 1]^n.</summary>
    public static Tensor Vertices(long n)
    {
        var count = 1L << (int)n;
        var codes = arange(count, dtype: ScalarType.Int64).unsqueeze(1);
        var bits = pow(2, arange(n, dtype: ScalarType.Int64)).unsqueeze(0);
        return (codes.bitwise_and(bits) != 0).to_type(ScalarType.Float64);
    }

    /// <summary>
    /// max over D in [0,1]^n of ||U D V||_2 for U (m x n) and V (n x k), exactly: the norm is convex in D, so the maximum
    /// over the box sits at a vertex; computed in float64 by SVD over all 2^n vertices.
    /// </summary>
    public static double WorstNorm(Tensor outer, Tensor inner)
    {
        using var scope = NewDisposeScope();
        var (u, v) = (outer.to_type(ScalarType.Float64), inner.to_type(ScalarType.Float64));
        var jacobians = u.matmul(Vertices(u.shape[1]).unsqueeze(-1) * v);
        return linalg.svdvals(jacobians).max().ToDouble();
    }
}
