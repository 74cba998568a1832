using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Counterexamples that end the certification of an input early: a point x' with ||x' - x|| &lt; eps at which the certified
/// copy gives some class i z_i(x') &gt;= z_y(x'), y its prediction at x. Every sound bound on the change of z_y - z_i over
/// the ball is then at least the margin z_y(x) - z_i(x) (up to float64 rounding, far below the 1e-9 absolute slack of
/// <see cref="FloatSlack.Exceeds"/>) and the interval bound of z_y - z_i is at most 0, so no local certificate can certify
/// x: finding one skips the bounds that could not decide it. Found by a few steps of normalised gradient ascent on
/// max_{i != y} z_i - z_y from the centre.
/// </summary>
internal static class BallWitness
{
    private const int Steps = 3;

    // Steps land at ||delta|| <= eps (1 - 1e-6); a point counts when its computed ||x' - x|| is at most eps (1 - 1e-9).
    private const double Target = 1 - 1e-6;

    private const double Inside = 1 - 1e-9;

    /// <summary>True where a counterexample was found, [batch].</summary>
    /// <param name="steps">The certified copy's explicit steps (float64).</param>
    /// <param name="centres">The inputs, float64.</param>
    /// <param name="predicted">argmax z at each centre.</param>
    /// <param name="eps">The ball's radius.</param>
    public static Tensor Found(IReadOnlyList<nn.Module<Tensor, Tensor>> steps, Tensor centres, Tensor predicted, double eps)
    {
        using var scope = NewDisposeScope();
        var found = zeros([centres.shape[0]], dtype: ScalarType.Bool, device: centres.device);
        var (open, points) = (arange(centres.shape[0], device: centres.device), centres);
        for (var step = 0; step <= Steps; step++)
        {
            using var iteration = NewDisposeScope();
            using var grad = enable_grad();
            var (x, y) = step == 0 ? (centres, predicted) : (centres.index_select(0, open), predicted.index_select(0, open));
            var point = points.detach().requires_grad_(step < Steps);
            var z = Forward(steps, point);
            var kept = arange(open.shape[0], device: open.device);
            if (step > 0)
            {
                var flipped = z.detach().argmax(1).ne(y) & (Norms(point.detach() - x) <= eps * Inside);
                found = iteration.MoveToOuter(found.index_fill(0, open.masked_select(flipped), true));
                kept = flipped.logical_not().nonzero().squeeze(1);
                if (step == Steps || kept.numel() == 0)
                {
                    break;
                }
            }

            // Ascend max_{i != y} z_i - z_y along g / ||g||: the first step to the sphere, the later ones eps / 2, projected back.
            var others = z.masked_fill(nn.functional.one_hot(y, z.shape[1]).to(ScalarType.Bool), double.NegativeInfinity);
            var gap = others.amax([1]) - z.gather(1, y.unsqueeze(1)).squeeze(1);
            var gradient = autograd.grad([gap.sum()], [point])[0].detach();
            var moved = point.detach() + (gradient * ((step == 0 ? eps * Target : eps / 2) / Norms(gradient).clamp_min(1e-300)).reshape(Shape(x)));
            var next = step == 0 ? moved : x + Project(moved - x, eps);
            (open, points) = iteration.MoveToOuter(open.index_select(0, kept), next.index_select(0, kept));
        }

        return found.MoveToOuterDisposeScope();
    }

    private static Tensor Forward(IReadOnlyList<nn.Module<Tensor, Tensor>> steps, Tensor x)
    {
        foreach (var step in steps)
        {
            x = step.call(x);
        }

        return x;
    }

    // delta min(1, eps (1 - 1e-6) / ||delta||).
    private static Tensor Project(Tensor delta, double eps) =>
        delta * (eps * Target / Norms(delta).clamp_min(1e-300)).clamp_max(1).reshape(Shape(delta));

    private static Tensor Norms(Tensor x) => x.flatten(1).norm(1);

    private static long[] Shape(Tensor x) => [-1, .. Enumerable.Repeat(1L, (int)x.dim() - 1)];
}
