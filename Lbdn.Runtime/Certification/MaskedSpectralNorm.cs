using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Exact upper bounds on ||D_out W D_in||_2 for a batch of 0/1 diagonal masks, through the smaller Gram matrix and a
/// float64 symmetric eigensolver (a direct method, never power iteration).
/// </summary>
internal sealed class MaskedSpectralNorm : IDisposable
{
    private readonly Tensor weight;
    private readonly Tensor fullGram;
    private readonly bool outputSide;

    /// <summary>Prepares a copy of W (out x in, float64).</summary>
    public MaskedSpectralNorm(Tensor weight)
    {
        this.weight = weight.detach().clone().DetachFromDisposeScope();
        outputSide = weight.shape[0] <= weight.shape[1];
        using var scope = NewDisposeScope();
        fullGram = (outputSide ? weight.matmul(weight.mT) : weight.mT.matmul(weight)).DetachFromDisposeScope();
    }

    /// <summary>Columns of W.</summary>
    public long InFeatures => weight.shape[1];

    /// <summary>
    /// ||D_out W D_in|| per row of the masks ([batch, out] or null for the identity, [batch, in]).
    /// ||M||^2 = lambda_max(G), G the smaller of M M^T and M^T M; rounding in G and the eigensolver stays below 1e-9 tr(G).
    /// </summary>
    public Tensor Norm(Tensor? outputMask, Tensor inputMask)
    {
        using var scope = NewDisposeScope();
        var batch = inputMask.shape[0];
        var inputFull = inputMask.all().ToBoolean();
        Tensor gram;
        if (outputSide)
        {
            // D_out W D_in W^T D_out (masks are 0/1, so D_in^2 = D_in).
            gram = inputFull ? fullGram.expand(batch, -1, -1) : (weight * inputMask.unsqueeze(1)).matmul(weight.mT);
            if (outputMask is not null)
            {
                gram = gram * outputMask.unsqueeze(2) * outputMask.unsqueeze(1);
            }
        }
        else
        {
            // D_in W^T D_out W D_in.
            gram = outputMask is null ? fullGram.expand(batch, -1, -1) : (weight.mT * outputMask.unsqueeze(1)).matmul(weight);
            gram = gram * inputMask.unsqueeze(2) * inputMask.unsqueeze(1);
        }

        var largest = linalg.eigvalsh(gram)[.., -1].clamp_min(0);
        var trace = gram.diagonal(0, 1, 2).sum(1);
        return (largest + (FloatSlack.Interval * trace)).sqrt().MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        fullGram.Dispose();
        weight.Dispose();
    }
}
