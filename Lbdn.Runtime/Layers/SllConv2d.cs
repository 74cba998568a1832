using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The convolutional SDP-based Lipschitz layer (Araujo et al., ICLR 2023): y = x - 2 W T^-1 sigma(W^T x + b), where
/// W^T x is the zero-padded stride-1 convolution with kernel K (inner x channels x k x k), W its transpose, and
/// T_i = sum_j R_ij q_j / q_i (floored at the smallest normal number) per neuron channel with R_ij = sum_s |sum_{c,u} K_icu K_jc(u+s)| (the kernel's
/// self-correlation, a proven bound of the rows of W^T W on the zero-padded image, see <see cref="KernelCorrelation"/>).
/// Keeps the shape of its input; bound 1 for every parameter value with a slope-restricted elementwise activation.
/// </summary>
public sealed class SllConv2d : TransformLayer, ILipschitzModule, IFreezable
{
    private readonly Parameter kernel;
    private readonly Parameter bias;
    private readonly Parameter q;
    private readonly LipschitzActivation activation;

    /// <summary>Creates a layer on <paramref name="channels"/> channels with <paramref name="innerChannels"/> neuron channels and an odd <paramref name="kernelSize"/>.</summary>
    /// <exception cref="ArgumentException">A size is not positive, the kernel is even, or the activation is not elementwise.</exception>
    public SllConv2d(long channels, long innerChannels, long kernelSize = 3, Activation activation = Activation.ReLU, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(SllConv2d))
    {
        LayerArguments.Positive(channels, nameof(channels));
        LayerArguments.Positive(innerChannels, nameof(innerChannels));
        ZeroPaddedConv.OddKernel(kernelSize, nameof(kernelSize));
        LayerArguments.SlopeRestricted(activation, nameof(SllConv2d));
        Channels = channels;
        InnerChannels = innerChannels;
        KernelSize = kernelSize;
        kernel = ParameterInit.Uniform([innerChannels, channels, kernelSize, kernelSize], channels * kernelSize * kernelSize, device, dtype);
        bias = ParameterInit.Uniform([innerChannels], channels * kernelSize * kernelSize, device, dtype);
        q = ParameterInit.Filled([innerChannels], 1.0, device, dtype);
        this.activation = new LipschitzActivation(activation, innerChannels, 1, device, dtype);
        CacheTransform(() => [kernel, q], () => [Outer(kernel, q)]);
        RegisterComponents();
    }

    /// <summary>Channels of input and output.</summary>
    public long Channels { get; }

    /// <summary>Neuron channels.</summary>
    public long InnerChannels { get; }

    /// <summary>The odd kernel size k (zero padding (k - 1) / 2).</summary>
    public long KernelSize { get; }

    /// <summary>The activation.</summary>
    public LipschitzActivation Sigma => activation;

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>The kernel K of W^T (inner x channels x k x k).</summary>
    public Tensor Kernel => kernel;

    /// <summary>The parameters p of q = clamp(|p|, 1e-12, 1e12), the reference implementation's <c>q</c>.</summary>
    public Tensor Q => q;

    /// <summary>
    /// The kernel of -2 W T^-1 as a convolution (channels x inner x k x k): K with neuron channel i scaled by -2 / T_i,
    /// channels swapped and taps flipped, the adjoint of the zero-padded convolution with K. (Not conv_transpose2d: in
    /// TorchSharp 0.107 / libtorch 2.10 on CPU its float32 results were wrong here, off by most of their magnitude.)
    /// </summary>
    public Tensor OuterKernel() => Transform()[0];

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ZeroPaddedConv.Channels(input, Channels, nameof(SllConv2d));
        using var scope = NewDisposeScope();
        var padding = (KernelSize - 1) / 2;
        var neurons = activation.call(ZeroPaddedConv.Apply(input, kernel, bias, padding));
        return (input + ZeroPaddedConv.Apply(neurons, OuterKernel(), null, padding)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => Freeze(kernel.dtype);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        using var _ = torch.no_grad();
        using var scope = NewDisposeScope();
        var inner = kernel.detach().to_type(precision);
        var outer = Outer(inner, q.detach().to_type(precision));
        return new FrozenSll(inner, bias.detach().to_type(precision), outer, (LipschitzActivation)activation.Freeze(precision), (KernelSize - 1) / 2);
    }

    // K scaled per neuron channel by -2 / T_i, T from the kernel's self-correlation over the neuron channels; transposed and flipped.
    private static Tensor Outer(Tensor kernel, Tensor q)
    {
        using var scope = NewDisposeScope();
        var inverseT = SllScaling.InverseT(KernelCorrelation.AbsoluteRowBound(kernel), q);
        return (-2 * kernel * inverseT.reshape(-1, 1, 1, 1)).transpose(0, 1).flip(2, 3).contiguous().MoveToOuterDisposeScope();
    }
}
