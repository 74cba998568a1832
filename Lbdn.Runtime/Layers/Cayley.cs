using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>The Cayley transform of a free (batched, real or complex) m x (m + n) matrix into [A | B] with A A^H + B B^H = I.</summary>
public static class Cayley
{
    /// <summary>
    /// Splits W = [W1 | W2] (W1 of m x m) and returns A (m x m) and B (m x n) with A A^H + B B^H = I_m.
    /// Works on batches (..., m, m + n) and on complex inputs (one transform per frequency).
    /// </summary>
    public static (Tensor A, Tensor B) Transform(Tensor weight)
    {
        if (weight.dim() < 2 || weight.shape[^1] < weight.shape[^2])
        {
            throw new ArgumentException(
                $"Cayley expects a wide (..., m, m + n) matrix, got shape [{string.Join(", ", weight.shape)}].", nameof(weight));
        }

        var m = weight.shape[^2];
        using var scope = NewDisposeScope();
        var n = weight.shape[^1] - m;
        var w1 = weight.narrow(-1, 0, m);
        var w2 = weight.narrow(-1, m, n);

        // Wang & Manchester (2023), eq. (7): Z = X - X^H + Y^H Y with X = W1, Y^H = W2;
        // A^H = (I + Z)^-1 (I - Z), B^H = -2 Y (I + Z)^-1, i.e. [A | B] = (I + Z^H)^-1 [I - Z^H | -2 W2] (one solve).
        var eye = torch.eye(m, dtype: weight.dtype, device: weight.device).expand_as(w1);
        var zH = Z(w1, w2).mH;
        var ab = linalg.solve(eye + zH, torch.cat([eye - zH, -2 * w2], dim: -1));
        var a = ab.narrow(-1, 0, m);
        var b = ab.narrow(-1, m, n);
        return (a.MoveToOuterDisposeScope(), b.MoveToOuterDisposeScope());
    }

    /// <summary>Z = X - X^H + Y^H Y with X = W1, Y^H = W2 (Wang and Manchester 2023, eq. (7)); I + Z^H is invertible.</summary>
    internal static Tensor Z(Tensor w1, Tensor w2) => w1 - w1.mH + w2.matmul(w2.mH);
}
