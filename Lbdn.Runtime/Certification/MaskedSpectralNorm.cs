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
    private readonly Tensor rowTotals;
    private readonly Tensor columnTotals;
    private readonly double fullNorm;
    private readonly double frobeniusSquared;

    /// <summary>Prepares a copy of W (out x in, float64).</summary>
    public MaskedSpectralNorm(Tensor weight)
    {
        this.weight = weight.detach().clone().DetachFromDisposeScope();
        absolute = this.weight.abs().DetachFromDisposeScope();
        squared = this.weight.square().DetachFromDisposeScope();
        using var scope = NewDisposeScope();
        topRight = linalg.svd(this.weight, fullMatrices: false).Vh[0].DetachFromDisposeScope();
        fullNorm = Exact(this.weight);
        frobeniusSquared = squared.sum().ToDouble();

        // Per row (and per column) of W: the sum of squares, the sum of magnitudes, the largest magnitude.
        rowTotals = stack([squared.sum(1L), absolute.sum(1L), absolute.amax([1])], 1).DetachFromDisposeScope();
        columnTotals = stack([squared.sum(0L), absolute.sum(0L), absolute.amax([0])], 1).DetachFromDisposeScope();
    }

    /// <summary>||W||, exactly up to the float slack.</summary>
    public double Whole => fullNorm;

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
        rowTotals.Dispose();
        columnTotals.Dispose();
    }

    // ||M|| <= min(||W||, ||M||_F, sqrt(||M||_1 ||M||_inf)) for M = D_out W D_in; the nonnegative sums are widened by 1e-9.
    // The minimum is ||W|| wherever lower bounds of the other two exceed it by 1e-8; only the other rows form them.
    private Tensor Upper(Tensor? outputMask, Tensor? inputMask)
    {
        using var scope = NewDisposeScope();
        var like = (outputMask ?? inputMask)!;
        var open = FullNormReached(outputMask, inputMask).logical_not().nonzero().squeeze(1);
        var bound = full([like.shape[0]], fullNorm, dtype: ScalarType.Float64, device: like.device);
        if (open.numel() == 0)
        {
            return bound.MoveToOuterDisposeScope();
        }

        var inputs = inputMask?.index_select(0, open) ?? ones([open.shape[0], weight.shape[1]], dtype: ScalarType.Float64, device: like.device);
        var outputs = outputMask?.index_select(0, open) ?? ones([open.shape[0], weight.shape[0]], dtype: ScalarType.Float64, device: like.device);
        var rowSums = inputs.matmul(absolute.mT) * outputs;
        var columnSums = outputs.matmul(absolute) * inputs;
        var frobenius = (inputs.matmul(squared.mT) * outputs).sum(1).sqrt();
        var holder = (rowSums.amax([1]) * columnSums.amax([1])).sqrt();
        var formed = (minimum(frobenius, holder) * (1 + FloatSlack.Interval)).clamp_max(fullNorm);
        return bound.index_copy(0, open, formed).MoveToOuterDisposeScope();
    }

    // ||M||_F^2 >= ||W||_F^2 less the squares of the removed rows and columns; the largest kept row sum of |M| is at least the
    // largest kept row sum of |W| less, per removed column, its largest |W_ij| (and likewise for columns). True where both
    // ||M||_F and sqrt(||M||_1 ||M||_inf) are so shown to exceed ||W|| (1 + 1e-8), far beyond the rounding of these sums.
    private Tensor FullNormReached(Tensor? outputMask, Tensor? inputMask)
    {
        var (removedRows, largestRow) = Removed(outputMask, rowTotals);
        var (removedColumns, largestColumn) = Removed(inputMask, columnTotals);
        var frobenius = frobeniusSquared - removedRows[.., 0] - removedColumns[.., 0];
        var (rows, columns) = (largestRow - removedColumns[.., 2], largestColumn - removedRows[.., 2]);
        var needed = Math.Pow(fullNorm * (1 + 1e-8), 2);
        return (frobenius >= needed) & (rows.clamp_min(0) * columns.clamp_min(0) >= needed);
    }

    // Per mask row: the totals (squares, magnitudes, largest magnitude) summed over the removed lines, and the largest
    // magnitude sum among the kept ones; a null mask keeps every line.
    private static (Tensor Removed, Tensor Largest) Removed(Tensor? mask, Tensor totals) => mask is null
        ? (zeros([1, 3], dtype: totals.dtype, device: totals.device), totals[.., 1].amax([0]).unsqueeze(0))
        : ((1 - mask).matmul(totals), (mask * totals[.., 1]).amax([1]));

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
