using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The convolutional sandwich output layer y = irfft2(M(f) rfft2(x)(f)) + b, no activation, with M(f) = B(f) or, in the AB
/// form, 2 A(f)^H B(f); ||M(f)|| &lt;= 1 at every frequency.
/// </summary>
public sealed class SandwichConvLinear : TransformLayer, ILipschitzModule, IFreezable
{
    private readonly Parameter kernel;
    private readonly Parameter alpha;
    private readonly Parameter bias;
    private readonly ConvGeometry geometry;

    /// <summary>Creates a layer on [batch, <paramref name="inChannels"/>, size, size] images in the B form.</summary>
    public SandwichConvLinear(long inChannels, long outChannels, long size, long kernel = 3, long stride = 1, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : this(inChannels, outChannels, size, kernel, stride, SandwichForm.B, device, dtype)
    {
    }

    /// <summary>Creates a layer on [batch, <paramref name="inChannels"/>, size, size] images in the given form.</summary>
    public SandwichConvLinear(long inChannels, long outChannels, long size, long kernel, long stride, SandwichForm form, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(SandwichConvLinear))
    {
        LayerArguments.Form(form, nameof(SandwichConvLinear));
        Form = form;
        geometry = new ConvGeometry(inChannels, size, kernel, stride, nameof(SandwichConvLinear));
        geometry.Validate();
        LayerArguments.Positive(outChannels, nameof(outChannels));
        OutChannels = outChannels;
        var k = geometry.WorkingKernel;
        var width = outChannels + geometry.WorkingChannels;
        this.kernel = ParameterInit.Uniform([outChannels, width, k, k], width * k * k, device, dtype);
        alpha = ParameterInit.SpectralScale(this.kernel, geometry.WorkingSize);
        bias = ParameterInit.Uniform([outChannels], width * k * k, device, dtype);
        CacheTransform(
            () => [this.kernel, alpha],
            () => ConvFactors.Sandwich(this.kernel, alpha, geometry.WorkingSize),
            () => ConvFactors.SandwichForTraining(this.kernel, alpha, geometry.WorkingSize));
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

    /// <summary>The linear map: B(f) or 2 A(f)^H B(f).</summary>
    public SandwichForm Form { get; }

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>The per-frequency matrices [F, out, in]: B(f), or 2 A(f)^H B(f) in the AB form.</summary>
    public Tensor Matrices() => Matrices(Transform(), Form);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Image(input, geometry.InChannels, geometry.Size, nameof(SandwichConvLinear));
        using var scope = NewDisposeScope();
        var x = geometry.Stride == 2 ? nn.functional.pixel_unshuffle(input, 2) : input;

        // y = irfft2(B(f) x^(f)) + b.
        return (Fourier.Apply(Matrices(), x) + bias.reshape(-1, 1, 1)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => Freeze(kernel.dtype);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var ab = ConvFactors.Sandwich(kernel.detach().to_type(precision), alpha.detach().to_type(precision), geometry.WorkingSize);
        var conv = new FrozenFourierConv(Matrices(ab, Form), bias.detach().to_type(precision), geometry.WorkingSize);
        return geometry.Stride == 2 ? new FrozenSequence(new SpaceToDepth(), conv) : conv;
    }

    // B(f), or 2 A(f)^H B(f) per frequency.
    private static Tensor Matrices(Tensor[] ab, SandwichForm form) => form == SandwichForm.AB ? 2 * ab[0].mH.matmul(ab[1]) : ab[1];
}
