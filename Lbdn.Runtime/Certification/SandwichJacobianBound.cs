using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// The local bound of a sandwich layer h_out = U sigma(V h_in + b) (U = sqrt2 A^T Psi, V = sqrt2 Psi^-1 B) over a ball,
/// from the secant slopes of its activation: sigma(z') - sigma(z) = S (z' - z) with S diagonal, S_ii = 0 for neurons
/// constant on the ball, 1 for neurons linear on it (F: ReLU with l &gt;= 0, clipped ReLU with 0 &lt;= l, u &lt;= theta),
/// in [0, 1] for the unstable rest. So ||delta h_out|| &lt;= max_S ||U S V|| ||delta h_in||, and ||U S V|| is convex in S,
/// so its maximum over the box lies at a vertex. With E the unstable neurons of largest ||u_i|| ||v_i|| (at most
/// <see cref="MaxEnumerated"/>, fewer where 2^m p^3 would exceed 2^22 for p varying neurons) and R the other unstable ones, S_R = I_R / 2 + Delta with |Delta| &lt;= I_R / 2 gives
///   max_S ||U S V|| &lt;= max over S_E in {0,1}^E of ||U (I_F + S_E + I_R / 2) V|| + ||U_R|| ||V_R|| / 2,
/// exact when R is empty; the same rule with E empty is computed too, and the smaller of the two is kept. Each norm is computed on the varying columns only, ||U_P C V_P|| = ||R_u C R_v^T|| with
/// U_P = Q_u R_u and V_P^T = Q_v R_v thin QR factorisations, by the float64 symmetric eigensolver (never power
/// iteration), and widened by 1e-9 of the Frobenius norms for the rounding of the factorisations and the solver.
/// </summary>
internal sealed class SandwichJacobianBound : IDisposable
{
    /// <summary>At most this many unstable neurons are enumerated per sample (2^10 vertices); the rest take the midpoint rule.</summary>
    public const int MaxEnumerated = 10;

    // The enumeration's work 2^m p^3 (p kept neurons) stays below 2^22 multiply-adds per sample and layer.
    private const double WorkBudget = 1 << 22;

    private const int PowerSteps = 3;

    private readonly Tensor outer;
    private readonly Tensor inner;
    private readonly Tensor neuronWeights;

    /// <summary>Keeps float64 copies of U (n_out x n) and V (n x n_in).</summary>
    public SandwichJacobianBound(Tensor outer, Tensor inner)
    {
        this.outer = outer.detach().to_type(ScalarType.Float64).clone().DetachFromDisposeScope();
        this.inner = inner.detach().to_type(ScalarType.Float64).clone().DetachFromDisposeScope();
        neuronWeights = (this.outer.norm(0) * this.inner.norm(1)).DetachFromDisposeScope();
    }

    /// <summary>U = sqrt2 A^T Psi in float64.</summary>
    public Tensor Outer => outer;

    /// <summary>V = sqrt2 Psi^-1 B in float64.</summary>
    public Tensor Inner => inner;

    /// <summary>1 where a neuron's secant slope on the ball is exactly 1 (it varies, and is linear on the whole box).</summary>
    public static Tensor Linear(NeuronBounds bounds) => bounds.Kind switch
    {
        Activation.Identity => bounds.Varying.clone(),
        Activation.ReLU => bounds.Varying & (bounds.Lower >= 0),
        Activation.ClippedReLU => bounds.Varying & (bounds.Lower >= 0) & (bounds.Upper <= bounds.Threshold!),
        _ => zeros_like(bounds.Varying, dtype: ScalarType.Bool),
    };

    /// <summary>The proven bound above per sample, [batch].</summary>
    public Tensor Bound(NeuronBounds bounds)
    {
        using var scope = NewDisposeScope();
        var varying = bounds.Varying.flatten(1).cpu().data<bool>().ToArray();
        var linear = Linear(bounds).flatten(1).cpu().data<bool>().ToArray();
        var (batch, width) = ((int)bounds.Varying.shape[0], (int)inner.shape[0]);
        var result = new double[batch];
        var solved = new Dictionary<string, double>();
        for (var s = 0; s < batch; s++)
        {
            var kept = Enumerable.Range(0, width).Where(j => varying[(s * width) + j]).ToArray();
            var fixedOne = kept.Select(j => linear[(s * width) + j]).ToArray();
            var key = string.Join(',', kept.Select((j, i) => fixedOne[i] ? $"{j}" : $"~{j}"));
            if (!solved.TryGetValue(key, out var value))
            {
                value = kept.Length == 0 ? 0 : Solve(kept, fixedOne);
                solved[key] = value;
            }

            result[s] = value;
        }

        return tensor(result, dtype: ScalarType.Float64, device: bounds.Varying.device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A lower estimate of <see cref="Bound"/>, never a certificate: ||U C V x|| / ||x|| after a few power steps, C = I_F + I_U / 2
    /// (the centre of the slope box, whose norm is at most that of the worst vertex by convexity).
    /// </summary>
    public Tensor Lower(NeuronBounds bounds)
    {
        using var scope = NewDisposeScope();
        var varying = bounds.Varying.flatten(1).to_type(ScalarType.Float64);
        var slopes = (varying + Linear(bounds).flatten(1).to_type(ScalarType.Float64)) / 2;
        var x = ones([slopes.shape[0], inner.shape[1]], dtype: ScalarType.Float64, device: slopes.device);
        for (var step = 0; step < PowerSteps; step++)
        {
            x = (Map(x, slopes).matmul(outer) * slopes).matmul(inner);
            x = x / x.norm(1, keepdim: true).clamp_min(1e-300);
        }

        return (Map(x, slopes).norm(1) / x.norm(1).clamp_min(1e-300)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// 1 on a subset R' of the unstable neurons that <see cref="Bound"/> leaves to the midpoint rule, per sample: the unstable
    /// neurons whose weight ||u_i|| ||v_i|| lies below that of the last enumerated one (less 1e-9 of it, whatever the order of
    /// near ties), so that ||U_R'|| ||V_R'|| / 2 is at most the term the bound adds for its rest.
    /// </summary>
    public Tensor Rest(NeuronBounds bounds)
    {
        using var scope = NewDisposeScope();
        var varying = bounds.Varying.flatten(1);
        var unstable = varying & Linear(bounds).flatten(1).logical_not();
        var weights = neuronWeights.expand(unstable.shape[0], -1).masked_fill(unstable.logical_not(), double.NegativeInfinity);
        var columns = (int)Math.Min(MaxEnumerated, weights.shape[1]);
        var largest = weights.topk(columns, 1).values.cpu().data<double>().ToArray();
        var kept = varying.sum(1).cpu().data<long>().ToArray();
        var thresholds = kept.Select((p, s) => Enumerated((int)p) switch
        {
            0 => double.PositiveInfinity,
            var count when count > columns => double.NegativeInfinity,
            var count => largest[(s * columns) + count - 1] * (1 - FloatSlack.Interval),
        }).ToArray();
        var below = weights < tensor(thresholds, dtype: ScalarType.Float64, device: weights.device).unsqueeze(1);
        return (unstable & below).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        outer.Dispose();
        inner.Dispose();
        neuronWeights.Dispose();
    }

    // How many unstable neurons are enumerated among p kept ones: 2^m p^3 <= 2^22, at most MaxEnumerated.
    private static int Enumerated(int kept) => (int)Math.Clamp(Math.Floor(Math.Log2(WorkBudget / Math.Pow(kept, 3))), 0, MaxEnumerated);

    // U C V x for a batch of rows x and slope vectors C.
    private Tensor Map(Tensor x, Tensor slopes) => (x.matmul(inner.mT) * slopes).matmul(outer.mT);

    // The smaller of the midpoint rules with no and with up to MaxEnumerated enumerated neurons, on the kept neurons.
    private double Solve(int[] kept, bool[] fixedOne)
    {
        using var scope = NewDisposeScope();
        var index = tensor(kept.Select(j => (long)j).ToArray(), device: inner.device);
        var ru = linalg.qr(outer.index_select(1, index), linalg.QRMode.Reduced).R;
        var rv = linalg.qr(inner.index_select(0, index).mT, linalg.QRMode.Reduced).R;
        var weights = (ru.norm(0) * rv.norm(0)).cpu().data<double>().ToArray();
        var unstable = Enumerable.Range(0, kept.Length).Where(i => !fixedOne[i]).OrderByDescending(i => weights[i]).ToArray();
        var bound = Midpoint(ru, rv, fixedOne, [], unstable);
        var count = Enumerated(kept.Length);
        if (unstable.Length > 0 && count > 0)
        {
            bound = Math.Min(bound, Midpoint(ru, rv, fixedOne, unstable.Take(count).ToArray(), unstable.Skip(count).ToArray()));
        }

        var slack = FloatSlack.Interval * (ru.norm().ToDouble() * rv.norm().ToDouble());
        return (bound * (1 + FloatSlack.Interval)) + slack;
    }

    // max over S_E in {0,1}^E of ||R_u (I_F + S_E + I_R / 2) R_v^T|| + ||R_u,R|| ||R_v,R|| / 2 (columns of the kept neurons).
    private static double Midpoint(Tensor ru, Tensor rv, bool[] fixedOne, int[] enumerated, int[] rest)
    {
        var width = fixedOne.Length;
        var vertices = new double[(1 << enumerated.Length) * width];
        for (var v = 0; v < 1 << enumerated.Length; v++)
        {
            for (var i = 0; i < width; i++)
            {
                vertices[(v * width) + i] = fixedOne[i] ? 1 : 0.5;
            }

            for (var e = 0; e < enumerated.Length; e++)
            {
                vertices[(v * width) + enumerated[e]] = (v >> e) & 1;
            }
        }

        var slopes = tensor(vertices, [1L << enumerated.Length, width], dtype: ScalarType.Float64, device: ru.device);
        var worst = Largest((ru.unsqueeze(0) * slopes.unsqueeze(1)).matmul(rv.mT));
        if (rest.Length == 0)
        {
            return worst;
        }

        var columns = tensor(rest.Select(i => (long)i).ToArray(), device: ru.device);
        return worst + (Largest(ru.index_select(1, columns).unsqueeze(0)) * Largest(rv.index_select(1, columns).unsqueeze(0)) / 2);
    }

    // max_k ||M_k|| over a batch [k, m, n]: lambda_max of the smaller Gram matrix, plus 1e-9 of its trace for rounding.
    private static double Largest(Tensor matrices)
    {
        var gram = matrices.shape[1] <= matrices.shape[2] ? matrices.matmul(matrices.mT) : matrices.mT.matmul(matrices);
        var largest = linalg.eigvalsh(gram)[.., -1].clamp_min(0);
        var trace = gram.diagonal(0, -2, -1).sum(-1);
        return (largest + (FloatSlack.Interval * trace)).sqrt().max().ToDouble();
    }
}
