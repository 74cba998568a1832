using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The almost-orthogonal convolution (Prach and Lampert, ECCV 2022): y = sigma(conv(x, K diag(t)) + b), a zero-padded
/// stride-1 convolution whose input channel c is rescaled by t_c = (sum_d sum_s |sum_{o,u} K_ocu K_od(u+s)|)^-1/2, the
/// kernel's self-correlation over the input channels. On the infinite plane the Gram matrix of the convolution has exactly
/// these correlations as entries, so ||C E diag(t)|| &lt;= 1 by the AOL argument (diag(t)^-2 dominates the Gram matrix);
/// the zero-padded layer is P C E diag(t) with P a restriction of the output (norm &lt;= 1), hence bound 1.
/// </summary>
public sealed class AolConv2d : TransformLayer, ILipschitzModule, IFreezable
{
    private readonly Parameter kernel;
    private readonly Parameter bias;
    private readonly LipschitzActivation activation;

    /// <summary>Creates a layer <paramref name="inChannels"/> -&gt; <paramref name="outChannels"/> with an odd <paramref name="kernelSize"/>.</summary>
    public AolConv2d(long inChannels, long outChannels, long kernelSize = 3, Activation activation = Activation.ReLU, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(AolConv2d))
    {
        LayerArguments.Positive(inChannels, nameof(inChannels));
        LayerArguments.Positive(outChannels, nameof(outChannels));
        ZeroPaddedConv.OddKernel(kernelSize, nameof(kernelSize));
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        kernel = ParameterInit.Uniform([outChannels, inChannels, kernelSize, kernelSize], inChannels * kernelSize * kernelSize, device, dtype);
        bias = ParameterInit.Uniform([outChannels], inChannels * kernelSize * kernelSize, device, dtype);
        this.activation = new LipschitzActivation(activation, outChannels, 1, device, dtype);
        CacheTransform(() => [kernel], () => [Rescaled(kernel)]);
        RegisterComponents();
    }

    /// <summary>Input channels.</summary>
    public long InChannels { get; }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>The odd kernel size k (zero padding (k - 1) / 2).</summary>
    public long KernelSize { get; }

    /// <summary>The activation.</summary>
    public LipschitzActivation Sigma => activation;

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>The kernel parameter K (out x in x k x k), before rescaling.</summary>
    public Tensor Kernel => kernel;

    /// <summary>The rescaled kernel K diag(t) of the current parameters.</summary>
    public Tensor RescaledKernel() => Transform()[0];

    /// <summary>The bias b.</summary>
    public Tensor Bias => bias;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ZeroPaddedConv.Channels(input, InChannels, nameof(AolConv2d));
        using var scope = NewDisposeScope();
        var padding = (KernelSize - 1) / 2;
        return activation.call(ZeroPaddedConv.Apply(input, RescaledKernel(), bias, padding)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => Freeze(kernel.dtype);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        using var _ = torch.no_grad();
        using var scope = NewDisposeScope();
        var rescaled = Rescaled(kernel.detach().to_type(precision));
        return new FrozenSequence(new FrozenConv(rescaled, bias.detach().to_type(precision), normBound: 1.0), activation.Freeze(precision));
    }

    // K diag(t), t_c = R_cc'-row sum^-1/2 over the input channels; sums below the smallest normal number are raised to it
    // (only lowers t, still sound) so a zero input channel stays zero.
    private static Tensor Rescaled(Tensor kernel)
    {
        using var scope = NewDisposeScope();
        var smallestNormal = kernel.dtype == ScalarType.Float64 ? 2.2250738585072014E-308 : 1.17549435E-38;
        var rows = KernelCorrelation.AbsoluteRowBound(kernel.transpose(0, 1)).sum(1);
        var t = rows.clamp_min(smallestNormal).rsqrt();
        return (kernel * t.reshape(1, -1, 1, 1)).MoveToOuterDisposeScope();
    }
}
