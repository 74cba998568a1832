using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Exact upper bounds on ||D_out W D_in||_2 for a batch of 0/1 diagonal masks, through a float64 symmetric eigensolver
/// (a direct method, never power iteration) on the smaller Gram matrix of the kept rows and columns only. All-ones masks
/// reuse the norm of W, computed once; identical mask pairs within a batch share one solve.
/// </summary>
internal sealed class MaskedSpectralNorm : IDisposable
{
    private readonly Tensor weight;
    private readonly double fullNorm;

    /// <summary>Prepares a copy of W (out x in, float64).</summary>
    public MaskedSpectralNorm(Tensor weight)
    {
        this.weight = weight.detach().clone().DetachFromDisposeScope();
        fullNorm = Exact(this.weight);
    }

    /// <summary>Columns of W.</summary>
    public long InFeatures => weight.shape[1];

    /// <summary>||D_out W D_in|| per row of the masks ([batch, out] or null for the identity, [batch, in]).</summary>
    public Tensor Norm(Tensor? outputMask, Tensor inputMask)
    {
        using var scope = NewDisposeScope();
        var batch = (int)inputMask.shape[0];
        var inputs = Kept(inputMask);
        var outputs = outputMask is null ? null : Kept(outputMask);
        var norms = new double[batch];
        var solved = new Dictionary<string, double>();
        for (var s = 0; s < batch; s++)
        {
            var (rows, columns) = (outputs?[s], inputs[s]);
            var full = (rows is null || rows.Length == weight.shape[0]) && columns.Length == weight.shape[1];
            var key = full ? string.Empty : $"{string.Join(',', rows ?? [])}|{string.Join(',', columns)}";
            if (!solved.TryGetValue(key, out var norm))
            {
                norm = full ? fullNorm : Exact(Submatrix(rows, columns));
                solved[key] = norm;
            }

            norms[s] = norm;
        }

        return tensor(norms, dtype: ScalarType.Float64, device: inputMask.device).MoveToOuterDisposeScope();
    }

    public void Dispose() => weight.Dispose();

    // ||M||^2 = lambda_max(G), G the smaller of M M^T and M^T M; rounding in G and the eigensolver stays below 1e-9 tr(G).
    private static double Exact(Tensor matrix)
    {
        if (matrix.numel() == 0)
        {
            return 0;
        }

        using var scope = NewDisposeScope();
        var gram = matrix.shape[0] <= matrix.shape[1] ? matrix.matmul(matrix.mT) : matrix.mT.matmul(matrix);
        var largest = linalg.eigvalsh(gram)[-1].clamp_min(0);
        return (largest + (FloatSlack.Interval * gram.trace())).sqrt().cpu().item<double>();
    }

    // D_out W D_in without its zero rows and columns: the same nonzero singular values.
    private Tensor Submatrix(long[]? rows, long[] columns)
    {
        var kept = rows is null ? weight : weight.index_select(0, tensor(rows, device: weight.device));
        return kept.index_select(1, tensor(columns, device: weight.device));
    }

    // The indices of the nonzero entries of each row of a 0/1 mask.
    private static long[][] Kept(Tensor mask)
    {
        var width = (int)mask.shape[1];
        var flags = (mask.detach() > 0).cpu().data<bool>().ToArray();
        return [.. Enumerable.Range(0, (int)mask.shape[0]).Select(s => Enumerable.Range(0, width).Where(j => flags[(s * width) + j]).Select(j => (long)j).ToArray())];
    }
}
