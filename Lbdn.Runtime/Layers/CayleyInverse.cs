using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The Cayley transform in the factored form the training path applies: with M = I + Z^H, A = 2 M^-1 - I and
/// B = -2 M^-1 W2, so one explicit inverse and matrix products replace the triangular solves of
/// <see cref="Cayley.Transform"/> (same factors, far cheaper gradients). M's Hermitian part I + W2 W2^H is &gt;= I,
/// hence ||M^-1|| &lt;= 1 and the inverse is well conditioned. Real or complex, batched.
/// </summary>
internal sealed class CayleyInverse
{
    private readonly Tensor inverse;
    private readonly Tensor w2;

    private CayleyInverse(Tensor inverse, Tensor w2)
    {
        this.inverse = inverse;
        this.w2 = w2;
    }

    /// <summary>The factored transform of a (..., m, m + n) weight [W1 | W2]; the tensors live in the caller's dispose scope.</summary>
    public static CayleyInverse Of(Tensor weight)
    {
        var m = weight.shape[^2];
        var w1 = weight.narrow(-1, 0, m);
        var w2 = weight.narrow(-1, m, weight.shape[^1] - m);
        var eye = torch.eye(m, dtype: weight.dtype, device: weight.device);

        // M^-1 = (I + Z^H)^-1.
        return new CayleyInverse(linalg.inv(eye + Cayley.Z(w1, w2).mH), w2);
    }

    /// <summary>The explicit factors A = 2 M^-1 - I and B = -2 M^-1 W2.</summary>
    public Tensor[] Factors() => [(2 * inverse) - torch.eye(inverse.shape[^1], dtype: inverse.dtype, device: inverse.device), -2 * inverse.matmul(w2)];

    /// <summary>Real rows times B^T, B = -2 M^-1 W2: as -2 (H W2^T) M^-T when there are fewer rows than columns of W2, else through B.</summary>
    public Tensor TimesBTransposed(Tensor rows)
    {
        var count = rows.numel() / rows.shape[^1];
        return count < w2.shape[^1]
            ? -2 * rows.matmul(w2.mT).matmul(inverse.mT)
            : rows.matmul((-2 * inverse.matmul(w2)).mT);
    }

    /// <summary>Real rows times A, A = 2 M^-1 - I: 2 H M^-1 - H.</summary>
    public Tensor TimesA(Tensor rows) => (2 * rows.matmul(inverse)) - rows;
}
