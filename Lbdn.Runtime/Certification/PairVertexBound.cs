using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// The per-pair rule carried through the last sandwich layer before the output map W: for the stage input h and the
/// margin m_i = z_y - z_i, m_i(h') - m_i(h) = r_i^T S V (h' - h) with r_i = (w_y - w_i)^T U and S the diagonal of secant
/// slopes in the slope box (0 for constant neurons, 1 for neurons linear on the box, [0, 1] for the unstable rest), so
/// |delta m_i| &lt;= max_S ||r_i^T S V|| ||h' - h||. The norm is convex in S, so its maximum sits at a vertex: the E
/// unstable neurons of largest |r_ij| ||V_j|| are enumerated, the rest take the midpoint rule (slope 1/2 plus
/// 1/2 sum_j |r_ij| ||V_j||). Unlike the layer bound times ||w_y - w_i||, it sees how little of the pair's direction the
/// varying neurons carry.
/// </summary>
internal sealed class PairVertexBound : IDisposable
{
    /// <summary>Most unstable neurons enumerated per pair (2^E vertices).</summary>
    public const int MaxEnumerated = 10;

    // C 2^E E n multiply-adds per sample stay below 2^25.
    private const double WorkBudget = 1 << 25;

    private readonly Tensor pairMaps;
    private readonly Tensor inner;
    private readonly Tensor innerNorms;
    private readonly Dictionary<string, double[]> solved = [];

    /// <summary>Binds the output weight W (classes x width) to the sandwich maps U (width x neurons) and V (neurons x inputs).</summary>
    public PairVertexBound(Tensor lastWeight, Tensor outer, Tensor inner)
    {
        using var _ = no_grad();
        pairMaps = lastWeight.detach().to_type(ScalarType.Float64).matmul(outer.detach().to_type(ScalarType.Float64)).DetachFromDisposeScope();
        this.inner = inner.detach().to_type(ScalarType.Float64).clone().DetachFromDisposeScope();
        innerNorms = this.inner.norm(1).DetachFromDisposeScope();
    }

    /// <summary>
    /// Per sample and class i, an upper bound of max over the slope box of ||r_i^T S V|| (0 for i = y), from the stage's
    /// activation bounds and the predicted classes.
    /// </summary>
    public Tensor Bound(NeuronBounds bounds, Tensor predicted)
    {
        using var scope = NewDisposeScope();
        var linear = SandwichJacobianBound.Linear(bounds).cpu();
        var unstable = bounds.Varying.cpu() & linear.logical_not();
        var labels = predicted.cpu().data<long>().ToArray();
        var (batch, classes) = (labels.Length, (int)pairMaps.shape[0]);
        var result = new double[batch * classes];
        for (var s = 0; s < batch; s++)
        {
            var (one, open) = (linear[s].nonzero().squeeze(1), unstable[s].nonzero().squeeze(1));
            var key = $"{labels[s]}|{string.Join(',', one.data<long>().ToArray())}|{string.Join(',', open.data<long>().ToArray())}";
            if (!solved.TryGetValue(key, out var values))
            {
                values = Solve(labels[s], one.to(pairMaps.device), open.to(pairMaps.device));
                solved[key] = values;
            }

            Array.Copy(values, 0, result, s * classes, classes);
        }

        return tensor(result, [batch, classes], dtype: ScalarType.Float64, device: bounds.Varying.device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Per sample and class, ||r_i^T S_c V|| at the centre S_c of the slope box (1/2 on unstable neurons): the mean of the
    /// vertices, so by convexity never above the worst one nor above <see cref="Bound"/>. A pair it does not certify, the
    /// vertex bound cannot either.
    /// </summary>
    public Tensor Lower(NeuronBounds bounds, Tensor predicted)
    {
        using var scope = NewDisposeScope();
        var linear = SandwichJacobianBound.Linear(bounds).to_type(ScalarType.Float64);
        var centre = linear + ((bounds.Varying.to_type(ScalarType.Float64) - linear) / 2);
        var rows = PairDifferences.Of(pairMaps, predicted.to(pairMaps.device));
        return (rows * centre.to(pairMaps.device).unsqueeze(1)).matmul(inner).norm(-1).to(bounds.Varying.device).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        pairMaps.Dispose();
        inner.Dispose();
        innerNorms.Dispose();
    }

    // max over the vertices of the E enumerated neurons of ||r^T (I_F + S_E + I_R / 2) V|| + 1/2 sum_R |r_j| ||V_j||, per class.
    private double[] Solve(long label, Tensor one, Tensor open)
    {
        using var scope = NewDisposeScope();
        var device = pairMaps.device;
        var rows = PairDifferences.Of(pairMaps, tensor(new[] { label }, device: device))[0];
        var classes = rows.shape[0];
        var width = inner.shape[1];
        var weights = rows.index_select(1, open).abs() * innerNorms.index_select(0, open);
        var enumerated = Enumerated(open.shape[0], classes, width);
        var (top, topIndex) = weights.topk(enumerated, 1);
        var rest = weights.sum(1) - top.sum(1);
        var columns = open.index_select(0, topIndex.flatten()).view(classes, enumerated);
        var centreSlopes = zeros_like(rows).index_fill(1, one, 1.0).index_fill(1, open, 0.5).scatter(1, columns, zeros(columns.shape, dtype: ScalarType.Float64, device: columns.device));
        var centre = (rows * centreSlopes).matmul(inner);
        var generators = rows.gather(1, columns).unsqueeze(-1) * inner.index_select(0, columns.flatten()).view(classes, enumerated, width);
        var vertices = arange(1L << enumerated, device: device).unsqueeze(1).bitwise_right_shift(arange(enumerated, device: device)).bitwise_and(1).to_type(ScalarType.Float64);
        var worst = (centre.unsqueeze(1) + vertices.matmul(generators)).norm(-1).amax(1);
        var kept = cat([one, open]);
        var scale = (rows.index_select(1, kept).abs() * innerNorms.index_select(0, kept)).sum(1);
        var bound = (worst + (rest / 2)) * (1 + FloatSlack.Interval) + (FloatSlack.Interval * scale);
        return bound.cpu().data<double>().ToArray();
    }

    // E = min(unstable, MaxEnumerated) with classes 2^E E width <= WorkBudget.
    private static int Enumerated(long unstable, long classes, long width)
    {
        var count = (int)Math.Min(unstable, MaxEnumerated);
        while (count > 0 && classes * (1L << count) * count * width > WorkBudget)
        {
            count--;
        }

        return count;
    }
}
