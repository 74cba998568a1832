using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The circular sandwich convolution of Wang and Manchester (ICML 2023), per frequency f of the half spectrum:
/// z = irfft2(sqrt(2) Psi^-1 B(f) rfft2(x)(f)) + b, then sigma, then irfft2(sqrt(2) A(f)^H Psi rfft2(sigma(z))(f)),
/// with [A(f) | B(f)] the complex Cayley transform of the kernel's shifted spectrum. 1-Lipschitz for every parameter value.
/// </summary>
public sealed class SandwichConv2d : TransformLayer, ILipschitzModule, IFreezable, ICertifiableStage
{
    private readonly Parameter kernel;
    private readonly Parameter alpha;
    private readonly Parameter psi;
    private readonly Parameter bias;
    private readonly LipschitzActivation activation;
    private readonly ConvGeometry geometry;

    /// <summary>Creates a layer on [batch, <paramref name="inChannels"/>, size, size] images.</summary>
    public SandwichConv2d(long inChannels, long outChannels, long size, long kernel = 3, long stride = 1, Activation activation = Activation.ReLU, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(SandwichConv2d))
    {
        geometry = new ConvGeometry(inChannels, size, kernel, stride, nameof(SandwichConv2d));
        geometry.Validate();
        LayerArguments.Positive(outChannels, nameof(outChannels));
        LayerArguments.SlopeRestricted(activation, nameof(SandwichConv2d));
        OutChannels = outChannels;
        var k = geometry.WorkingKernel;
        var width = outChannels + geometry.WorkingChannels;
        this.kernel = ParameterInit.Uniform([outChannels, width, k, k], width * k * k, device, dtype);
        alpha = ParameterInit.SpectralScale(this.kernel, geometry.WorkingSize);
        psi = ParameterInit.Filled([outChannels], 0.0, device, dtype);
        bias = ParameterInit.Uniform([outChannels], width * k * k, device, dtype);
        this.activation = new LipschitzActivation(activation, outChannels, 1, device, dtype);
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

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>The activation sigma.</summary>
    public LipschitzActivation Sigma => activation;

    /// <summary>The per-frequency Cayley factors A(f) [F, out, out] and B(f) [F, out, in].</summary>
    public (Tensor A, Tensor B) Factors()
    {
        var ab = Transform();
        return (ab[0], ab[1]);
    }

    /// <summary>Psi = diag(exp(d)) as its diagonal (one entry per output channel).</summary>
    public Tensor Psi() => psi.exp();

    /// <summary>The bias b inside the activation.</summary>
    public Tensor Bias => bias;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Image(input, geometry.InChannels, geometry.Size, nameof(SandwichConv2d));
        using var scope = NewDisposeScope();
        var x = geometry.Stride == 2 ? nn.functional.pixel_unshuffle(input, 2) : input;
        var (a, b) = Factors();
        var (inner, outer) = Maps(a, b, psi.exp());
        var n = geometry.WorkingSize;

        // z = irfft2(V(f) x^(f)) + b;  h = irfft2(U(f) (sigma(z))^(f)).
        var z = Fourier.Images(inner.matmul(Fourier.Spectrum(x)), n) + bias.reshape(-1, 1, 1);
        var h = Fourier.Images(outer.matmul(Fourier.Spectrum(activation.call(z))), n);
        return h.MoveToOuterDisposeScope();
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
        var ab = ConvFactors.Sandwich(kernel.detach().to_type(precision), alpha.detach().to_type(precision), geometry.WorkingSize);
        var (v, u) = Maps(ab[0], ab[1], psi.detach().to_type(precision).exp());
        var n = geometry.WorkingSize;
        var inner = new FrozenFourierConv(v, bias.detach().to_type(precision), n);
        var outer = new FrozenFourierConv(u, null, n);
        return geometry.Stride == 2
            ? new FrozenSequence(new SpaceToDepth(), inner, sigma, outer)
            : new FrozenSequence(inner, sigma, outer);
    }

    // Per frequency V(f) = sqrt(2) Psi^-1 B(f) and U(f) = sqrt(2) A(f)^H Psi, the maps of h = U sigma(V x + b).
    private static (Tensor V, Tensor U) Maps(Tensor a, Tensor b, Tensor psiDiagonal)
    {
        var psiColumn = psiDiagonal.unsqueeze(1);
        return (Math.Sqrt(2) * b / psiColumn, Math.Sqrt(2) * a.mH * psiColumn.mT);
    }
}
