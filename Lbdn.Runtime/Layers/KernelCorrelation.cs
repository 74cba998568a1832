using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// Row bounds of the Gram matrix of a stride-1 convolution from its kernel alone. For a kernel K (out x in x k x k) the
/// full self-correlation over the output channels, C_ab(s) = sum_{c,u} K_acu K_bc(u+s) for |s| &lt; k, holds every entry
/// of M M^T on the infinite plane; a zero-padded image only drops input terms (M M^T = P C E E^T C^T P^T &lt;= P C C^T P^T
/// with E E^T a projection), so R_ab = sum_s |C_ab(s)| bounds each row of |P C C^T P^T| and T &gt;= that matrix holds for
/// the zero-padded layer too. The input-channel form uses K transposed.
/// </summary>
internal static class KernelCorrelation
{
    /// <summary>R_ab = sum_s |sum_{c,u} K_acu K_bc(u+s)| over the first dimension of <paramref name="kernel"/> (n x m x k x k), n x n.</summary>
    public static Tensor AbsoluteRowBound(Tensor kernel)
    {
        using var scope = NewDisposeScope();
        var k = kernel.shape[^1];
        var correlation = ZeroPaddedConv.Apply(kernel, kernel, null, k - 1);
        return correlation.abs().sum([2, 3]).MoveToOuterDisposeScope();
    }
}
