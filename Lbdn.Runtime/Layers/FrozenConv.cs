using Lbdn.Certification;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// An explicit zero-padded stride-1 convolution y = conv(x, K) + b with constant kernel K (out x in x k x k, k odd, padding
/// (k - 1) / 2) and a proven bound on its l2 norm, as the layer that froze it proved it.
/// </summary>
public sealed class FrozenConv : nn.Module<Tensor, Tensor>, ICertifiableStep
{
    private readonly Tensor kernel;
    private readonly Tensor? bias;

    /// <summary>Copies <paramref name="kernel"/> and the optional <paramref name="bias"/>; <paramref name="normBound"/> bounds ||conv(., K)||.</summary>
    public FrozenConv(Tensor kernel, Tensor? bias, double normBound) : base(nameof(FrozenConv))
    {
        this.kernel = kernel.detach().clone().contiguous().DetachFromDisposeScope();
        this.bias = bias?.detach().clone().DetachFromDisposeScope();
        NormBound = normBound;
        register_buffer(nameof(kernel), this.kernel);
        if (this.bias is not null)
        {
            register_buffer(nameof(bias), this.bias);
        }
    }

    /// <summary>The kernel K (out x in x k x k).</summary>
    public Tensor Kernel => kernel;

    /// <summary>The bias b, if any.</summary>
    public Tensor? Bias => bias;

    /// <summary>The proven bound on the l2 norm of the linear part.</summary>
    public double NormBound { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Apply(input, kernel, bias);

    /// <summary>conv(x, <paramref name="map"/>) + <paramref name="withBias"/>, zero-padded to the same size.</summary>
    internal static Tensor Apply(Tensor x, Tensor map, Tensor? withBias)
    {
        var padding = (map.shape[^1] - 1) / 2;
        return ZeroPaddedConv.Apply(x, map, withBias, padding);
    }

    /// <inheritdoc />
    IBallStep ICertifiableStep.BallStep() => new ConvBallStep(this);
}
