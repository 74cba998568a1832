using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>An explicit circular convolution y = irfft2(M(f) rfft2(x)(f)) + b with constant per-frequency matrices.</summary>
public sealed class FrozenFourierConv : nn.Module<Tensor, Tensor>, ICertifiableStep
{
    private readonly Tensor matrices;
    private readonly Tensor? bias;

    /// <summary>Copies the matrices [n (n/2 + 1), out, in] for images of <paramref name="size"/> x <paramref name="size"/>, and the optional bias [out].</summary>
    public FrozenFourierConv(Tensor matrices, Tensor? bias, long size) : base(nameof(FrozenFourierConv))
    {
        Size = size;
        this.matrices = matrices.detach().clone().contiguous().DetachFromDisposeScope();
        this.bias = bias?.detach().clone().DetachFromDisposeScope();
        register_buffer(nameof(matrices), this.matrices);
        if (this.bias is not null)
        {
            register_buffer(nameof(bias), this.bias);
        }
    }

    /// <summary>Image height and width.</summary>
    public long Size { get; }

    /// <summary>The per-frequency matrices.</summary>
    public Tensor Matrices => matrices;

    /// <summary>The bias, if any.</summary>
    public Tensor? Bias => bias;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Image(input, matrices.shape[2], Size, nameof(FrozenFourierConv));
        using var scope = NewDisposeScope();
        var output = Fourier.Apply(matrices, input);
        if (bias is not null)
        {
            output = output + bias.reshape(-1, 1, 1);
        }

        return output.MoveToOuterDisposeScope();
    }

    IBallStep ICertifiableStep.BallStep() => new FourierBallStep(new CirculantBounds(this));
}
