using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// y = sigma(irfft2(Q(f) rfft2(x)(f)) + b) with Q(f) semi-unitary at every frequency (per-frequency Cayley of the
/// kernel spectrum), so the convolution is an isometry or a co-isometry; bound 1 with any 1-Lipschitz activation.
/// </summary>
public sealed class OrthogonalConv2d : TransformLayer, ILipschitzModule, IFreezable, ICertifiableStage
{
    private readonly Parameter kernel;
    private readonly Parameter alpha;
    private readonly Parameter bias;
    private readonly LipschitzActivation activation;
    private readonly ConvGeometry geometry;

    /// <summary>Creates a layer on [batch, <paramref name="inChannels"/>, size, size] images.</summary>
    public OrthogonalConv2d(long inChannels, long outChannels, long size, long kernel = 3, long stride = 1, Activation activation = Activation.MaxMin, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(OrthogonalConv2d))
    {
        geometry = new ConvGeometry(inChannels, size, kernel, stride, nameof(OrthogonalConv2d));
        geometry.Validate();
        LayerArguments.Positive(outChannels, nameof(outChannels));
        OutChannels = outChannels;
        var k = geometry.WorkingKernel;
        var inner = Math.Min(outChannels, geometry.WorkingChannels);
        var outer = Math.Max(outChannels, geometry.WorkingChannels);
        this.kernel = ParameterInit.Uniform([inner, outer, k, k], outer * k * k, device, dtype);
        alpha = ParameterInit.SpectralScale(this.kernel, geometry.WorkingSize);
        bias = ParameterInit.Uniform([outChannels], geometry.WorkingChannels * k * k, device, dtype);
        this.activation = new LipschitzActivation(activation, outChannels, 1, device, dtype);
        var narrowing = outChannels <= geometry.WorkingChannels;
        CacheTransform(
            () => [this.kernel, alpha],
            () => [ConvFactors.Orthogonal(this.kernel, alpha, geometry.WorkingSize, narrowing)],
            () => [ConvFactors.OrthogonalForTraining(this.kernel, alpha, geometry.WorkingSize, narrowing)]);
        RegisterComponents();
    }

    /// <summary>Output channels.</summary>
    public long OutChannels { get; }

    /// <summary>Input channels.</summary>
    public long InChannels => geometry.InChannels;

    /// <summary>Input height and width.</summary>
    public long Size => geometry.Size;

    /// <summary>The declared kernel size (the working kernel after space-to-depth is smaller at stride 2).</summary>
    public long Kernel => geometry.Kernel;

    /// <summary>The stride, 1 or 2.</summary>
    public long Stride => geometry.Stride;

    /// <summary>Output height and width.</summary>
    public long OutputSize => geometry.WorkingSize;

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>The activation.</summary>
    public LipschitzActivation Sigma => activation;

    /// <summary>The per-frequency semi-unitary matrices Q(f) [F, out, in].</summary>
    public Tensor Matrices() => Transform()[0];

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Image(input, geometry.InChannels, geometry.Size, nameof(OrthogonalConv2d));
        using var scope = NewDisposeScope();
        var x = geometry.Stride == 2 ? nn.functional.pixel_unshuffle(input, 2) : input;

        // y = sigma(irfft2(Q(f) x^(f)) + b).
        var y = Fourier.Apply(Matrices(), x) + bias.reshape(-1, 1, 1);
        return activation.call(y).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => Freeze(kernel.dtype);

    /// <inheritdoc />
    /// <remarks>Its local bound is its global bound; its activation's masks are not used.</remarks>
    public IReadOnlyList<CertifiedStage> FreezeCertified(ScalarType precision) => [new CertifiedStage(Freeze(precision), LipschitzBound, LocalBounds.Global(1))];

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        var sigma = activation.Freeze(precision);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var (k, a) = (kernel.detach().to_type(precision), alpha.detach().to_type(precision));
        var q = ConvFactors.Orthogonal(k, a, geometry.WorkingSize, OutChannels <= geometry.WorkingChannels);
        var conv = new FrozenFourierConv(q, bias.detach().to_type(precision), geometry.WorkingSize);
        return geometry.Stride == 2 ? new FrozenSequence(new SpaceToDepth(), conv, sigma) : new FrozenSequence(conv, sigma);
    }
}
