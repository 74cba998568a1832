using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Differentiable estimates of masked spectral norms for Local-Lip training, sqrt(lambda_max(D G D)) for a Gram matrix
/// G (h x h) and a batch of 0/1 masks D: power iteration without gradients from a warm start (the top eigenvector of
/// the unmasked G, kept per matrix across steps and refined at each call), then one Rayleigh quotient
/// v^T D G D v / v^T v with v held constant, whose gradient in G is that of lambda_max once v has converged.
/// The estimates are from below: for training only, never for certificates (those use <see cref="MaskedSpectralNorm"/>).
/// </summary>
public sealed class PowerIterationNorms : IDisposable
{
    private readonly Dictionary<string, Tensor> warmStarts = [];

    /// <summary>Creates estimators running <paramref name="iterations"/> masked power steps (products with D G D) per call.</summary>
    public PowerIterationNorms(int iterations = 12)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        Iterations = iterations;
    }

    /// <summary>Masked power steps per estimate.</summary>
    public int Iterations { get; }

    /// <summary>
    /// sqrt(lambda_max(D G D)) per row of <paramref name="mask"/> [batch, h], for the PSD Gram matrix <paramref name="gram"/>
    /// [h, h] of the matrix named <paramref name="key"/>; differentiable in the Gram matrix, the mask is a constant.
    /// </summary>
    public Tensor Norm(string key, Tensor gram, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var d = mask.detach().to_type(gram.dtype);
        Tensor v;
        using (no_grad())
        {
            var g = gram.detach();
            var top = WarmStart(key, g);
            v = (top.unsqueeze(0) + (1e-3 / Math.Sqrt(top.shape[0]))) * d;
            v = PowerSteps(g, d, v);
        }

        // lambda >= v^T D G D v / v^T v, with D v = v.
        var quotient = (v.matmul(gram) * v).sum(1) / v.square().sum(1).clamp_min(1e-30);
        return (quotient.clamp_min(0) + 1e-12).sqrt().MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var vector in warmStarts.Values)
        {
            vector.Dispose();
        }

        warmStarts.Clear();
    }

    // v <- D G D v / ||D G D v||, Iterations times.
    private Tensor PowerSteps(Tensor g, Tensor d, Tensor v)
    {
        for (var step = 0; step < Iterations; step++)
        {
            v = v.matmul(g) * d;
            v = v / v.norm(1, keepdim: true).clamp_min(1e-30);
        }

        return v;
    }

    // Two power steps on the unmasked G from the previous call's vector (ones at first).
    private Tensor WarmStart(string key, Tensor gram)
    {
        var v = warmStarts.TryGetValue(key, out var previous) && previous.shape[0] == gram.shape[0]
            ? previous.to(gram.dtype, gram.device)
            : ones([gram.shape[0]], dtype: gram.dtype, device: gram.device);
        for (var step = 0; step < 2; step++)
        {
            v = gram.matmul(v);
            v = v / v.norm().clamp_min(1e-30);
        }

        previous?.Dispose();
        warmStarts[key] = v.detach().clone().DetachFromDisposeScope();
        return v;
    }
}
