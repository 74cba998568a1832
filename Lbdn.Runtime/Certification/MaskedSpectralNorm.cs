using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Bounds on ||D_out W D_in||_2 for a batch of 0/1 diagonal masks (null for the identity). The exact one comes from a
/// float64 symmetric eigensolver (a direct method, never power iteration) on the smaller Gram matrix of the kept rows
/// and columns only; all-ones masks reuse the norm of W, computed once, and identical mask pairs share one solve.
/// </summary>
internal sealed class MaskedSpectralNorm : IDisposable
{
    private const int PowerSteps = 2;

    private readonly Tensor weight;
    private readonly Tensor absolute;
    private readonly Tensor squared;
    private readonly Tensor topRight;
    private readonly double fullNorm;

    /// <summary>Prepares a copy of W (out x in, float64).</summary>
    public MaskedSpectralNorm(Tensor weight)
    {
        this.weight = weight.detach().clone().DetachFromDisposeScope();
        absolute = this.weight.abs().DetachFromDisposeScope();
        squared = this.weight.square().DetachFromDisposeScope();
        using var scope = NewDisposeScope();
        topRight = linalg.svd(this.weight, fullMatrices: false).Vh[0].DetachFromDisposeScope();
        fullNorm = Exact(this.weight);
    }

    /// <summary>The bound of the given kind per row of the masks.</summary>
    public Tensor Bound(NormBound kind, Tensor? outputMask, Tensor? inputMask) => kind switch
    {
        NormBound.Upper => Upper(outputMask, inputMask),
        NormBound.Lower => Lower(outputMask, inputMask),
        _ => Norm(outputMask, inputMask),
    };

    /// <summary>||D_out W D_in|| per row of the masks, exactly up to the float slack.</summary>
    public Tensor Norm(Tensor? outputMask, Tensor? inputMask)
    {
        using var scope = NewDisposeScope();
        var like = (outputMask ?? inputMask)!;
        var batch = (int)like.shape[0];
        var inputs = inputMask is null ? null : Kept(inputMask);
        var outputs = outputMask is null ? null : Kept(outputMask);
        var norms = new double[batch];
        var solved = new Dictionary<string, double>();
        for (var s = 0; s < batch; s++)
        {
            var (rows, columns) = (outputs?[s], inputs?[s]);
            var full = (rows is null || rows.Length == weight.shape[0]) && (columns is null || columns.Length == weight.shape[1]);
            var key = full ? string.Empty : $"{string.Join(',', rows ?? [])}|{string.Join(',', columns ?? [])}";
            if (!solved.TryGetValue(key, out var norm))
            {
                norm = full ? fullNorm : Exact(Submatrix(rows, columns));
                solved[key] = norm;
            }

            norms[s] = norm;
        }

        return tensor(norms, dtype: ScalarType.Float64, device: like.device).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        weight.Dispose();
        absolute.Dispose();
        squared.Dispose();
        topRight.Dispose();
    }

    // ||M|| <= min(||W||, ||M||_F, sqrt(||M||_1 ||M||_inf)) for M = D_out W D_in; the nonnegative sums are widened by 1e-9.
    private Tensor Upper(Tensor? outputMask, Tensor? inputMask)
    {
        using var scope = NewDisposeScope();
        var like = (outputMask ?? inputMask)!;
        var inputs = inputMask ?? ones([like.shape[0], weight.shape[1]], dtype: ScalarType.Float64, device: like.device);
        var outputs = outputMask ?? ones([like.shape[0], weight.shape[0]], dtype: ScalarType.Float64, device: like.device);
        var rowSums = inputs.matmul(absolute.mT) * outputs;
        var columnSums = outputs.matmul(absolute) * inputs;
        var frobenius = (inputs.matmul(squared.mT) * outputs).sum(1).sqrt();
        var holder = (rowSums.amax([1]) * columnSums.amax([1])).sqrt();
        return (minimum(frobenius, holder) * (1 + FloatSlack.Interval)).clamp_max(fullNorm).MoveToOuterDisposeScope();
    }

    // ||M|| >= ||M v|| / ||v|| for any v != 0: a few power steps on M^T M from the top right singular vector of W.
    private Tensor Lower(Tensor? outputMask, Tensor? inputMask)
    {
        using var scope = NewDisposeScope();
        var like = (outputMask ?? inputMask)!;
        var v = topRight.to(like.device).expand(like.shape[0], -1);
        v = inputMask is null ? v : v * inputMask;
        for (var step = 0; step < PowerSteps; step++)
        {
            v = Masked(Masked(v.matmul(weight.mT), outputMask).matmul(weight), inputMask);
            v = v / v.norm(1, keepdim: true).clamp_min(1e-300);
        }

        var image = Masked(v.matmul(weight.mT), outputMask);
        return (image.norm(1) / v.norm(1).clamp_min(1e-300)).MoveToOuterDisposeScope();
    }

    private static Tensor Masked(Tensor x, Tensor? mask) => mask is null ? x : x * mask;

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
    private Tensor Submatrix(long[]? rows, long[]? columns)
    {
        var kept = rows is null ? weight : weight.index_select(0, tensor(rows, device: weight.device));
        return columns is null ? kept : kept.index_select(1, tensor(columns, device: weight.device));
    }

    // The indices of the nonzero entries of each row of a 0/1 mask.
    private static long[][] Kept(Tensor mask)
    {
        var width = (int)mask.shape[1];
        var flags = (mask.detach() > 0).cpu().data<bool>().ToArray();
        return [.. Enumerable.Range(0, (int)mask.shape[0]).Select(s => Enumerable.Range(0, width).Where(j => flags[(s * width) + j]).Select(j => (long)j).ToArray())];
    }
}
