using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// The differentiable training counterpart of <see cref="SandwichJacobianBound"/> for a sandwich layer U sigma(V h + b):
/// an estimate from below of max over the slope box of ||U S V|| (S_ii = 1 on neurons linear on the ball, in [0, 1] on
/// unstable ones, 0 on constant ones). Without gradients, alternating steps find a worst vertex: a power step
/// p &lt;- G_V S G_U S p (G_V = V V^T, G_U = U^T U, p the pre-activation direction V x), then for each unstable neuron
/// S_ii = 1 exactly when q_i p_i &gt; 0, q = G_U S p, which maximises the bilinear form u^T U S V x over the box for the
/// current singular pair. Then one differentiable quotient ||U S V x|| / ||x||, x = V^T S q, with S and x held
/// constant. For training only; certificates use the exact bound.
/// </summary>
internal static class SandwichSlopeNorms
{
    /// <summary>The estimate per sample, [batch], for U (n_out x n), V (n x n_in) and the layer's pre-activation bounds.</summary>
    public static Tensor Bound(Tensor outer, Tensor inner, NeuronBounds bounds, int iterations)
    {
        using var scope = NewDisposeScope();
        Tensor slopes, x;
        using (no_grad())
        {
            var linear = SandwichJacobianBound.Linear(bounds).to_type(outer.dtype);
            var unstable = bounds.Varying.to_type(outer.dtype) - linear;
            var (gu, gv) = (outer.mT.matmul(outer).detach(), inner.matmul(inner.mT).detach());

            // Three starts (unstable slopes 1/2, 1, 0); the best vertex per sample by ||U S V x||^2 / ||x||^2 in Gram form.
            (slopes, var q, var best) = Ascend(gu, gv, linear, unstable, linear + (unstable / 2), iterations);
            foreach (var start in new[] { linear + unstable, linear })
            {
                var (s, qs, value) = Ascend(gu, gv, linear, unstable, start, iterations);
                var better = (value > best).unsqueeze(1);
                (slopes, q, best) = (where(better, s, slopes), where(better, qs, q), maximum(value, best));
            }

            x = (slopes * q).matmul(inner.detach());
        }

        var image = (x.matmul(inner.mT) * slopes).matmul(outer.mT);
        return ((image.square().sum(1) / x.square().sum(1).clamp_min(1e-30)) + 1e-12).sqrt().MoveToOuterDisposeScope();
    }

    // Alternating power and vertex steps from the slopes given: the final slopes, q = G_U S p and, for x = V^T S q,
    // ||U S V x||^2 / ||x||^2 = (S G_V S q)^T G_U (S G_V S q) / (S q)^T G_V (S q).
    private static (Tensor Slopes, Tensor Q, Tensor Value) Ascend(Tensor gu, Tensor gv, Tensor linear, Tensor unstable, Tensor slopes, int iterations)
    {
        var p = slopes.matmul(gv);
        for (var step = 0; step < iterations; step++)
        {
            p = ((p * slopes).matmul(gu) * slopes).matmul(gv);
            p = p / p.norm(1, keepdim: true).clamp_min(1e-30);
            slopes = linear + (unstable * ((p * slopes).matmul(gu) * p > 0).to_type(gu.dtype));
        }

        var q = (p * slopes).matmul(gu);
        var image = (q * slopes).matmul(gv) * slopes;
        var value = (image.matmul(gu) * image).sum(1) / ((q * slopes).matmul(gv) * (q * slopes)).sum(1).clamp_min(1e-30);
        return (slopes, q, value);
    }
}
