using Lbdn.Certification;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>An explicit affine map y = x W^T + b with constant weights (buffers, no gradient).</summary>
public sealed class FrozenLinear : nn.Module<Tensor, Tensor>, ICertifiableStep
{
    private readonly Tensor weight;
    private readonly Tensor? bias;

    /// <summary>Copies <paramref name="weight"/> (out x in) and the optional <paramref name="bias"/>.</summary>
    public FrozenLinear(Tensor weight, Tensor? bias) : base(nameof(FrozenLinear))
    {
        this.weight = weight.detach().clone().contiguous().DetachFromDisposeScope();
        this.bias = bias?.detach().clone().DetachFromDisposeScope();
        register_buffer(nameof(weight), this.weight);
        if (this.bias is not null)
        {
            register_buffer(nameof(bias), this.bias);
        }
    }

    /// <summary>The weight W (out x in).</summary>
    public Tensor Weight => weight;

    /// <summary>The bias b, if any.</summary>
    public Tensor? Bias => bias;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Features(input, weight.shape[1], nameof(FrozenLinear));
        return nn.functional.linear(input, weight, bias);
    }

    IBallStep ICertifiableStep.BallStep() => new AffineBallStep(this);
}
