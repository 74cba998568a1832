using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// y = sigma(W_c x + b) with the spectral norm capped exactly: W_c = W min(1, c / ||W||_2), ||W||_2 from an exact SVD.
/// The Local-Lip style layer; bound c with any 1-Lipschitz activation (ClippedReLU gives tight local bounds).
/// </summary>
public sealed class DenseLayer : TransformLayer, ILipschitzModule, IFreezable
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly LipschitzActivation activation;

    /// <summary>Creates a layer <paramref name="inFeatures"/> -&gt; <paramref name="outFeatures"/> with norm cap <paramref name="maxNorm"/>.</summary>
    public DenseLayer(long inFeatures, long outFeatures, double maxNorm = 1.0, Activation activation = Activation.ReLU, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(DenseLayer))
    {
        LayerArguments.Positive(inFeatures, nameof(inFeatures));
        LayerArguments.Positive(outFeatures, nameof(outFeatures));
        LayerArguments.FiniteNonNegative(maxNorm, nameof(maxNorm));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        MaxNorm = maxNorm;
        weight = ParameterInit.Uniform([outFeatures, inFeatures], inFeatures, device, dtype);
        bias = ParameterInit.Uniform([outFeatures], inFeatures, device, dtype);
        this.activation = new LipschitzActivation(activation, outFeatures, -1, device, dtype);
        CacheTransform(() => [weight], () => [CappedWeight(weight, maxNorm)]);
        RegisterComponents();
    }

    /// <summary>Input width.</summary>
    public long InFeatures { get; }

    /// <summary>Output width.</summary>
    public long OutFeatures { get; }

    /// <summary>The spectral-norm cap c.</summary>
    public double MaxNorm { get; }

    /// <summary>The activation.</summary>
    public LipschitzActivation Sigma => activation;

    /// <inheritdoc />
    public double LipschitzBound => MaxNorm;

    /// <summary>The capped weight W_c of the current parameters.</summary>
    public Tensor Weight() => Transform()[0];

    /// <summary>The bias b.</summary>
    public Tensor Bias => bias;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Features(input, InFeatures, nameof(DenseLayer));
        using var scope = NewDisposeScope();
        return activation.call(nn.functional.linear(input, Weight(), bias)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => Freeze(weight.dtype);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        using var _ = torch.no_grad();
        using var scope = NewDisposeScope();
        var capped = CappedWeight(weight.detach().to_type(precision), MaxNorm);
        return new FrozenSequence(new FrozenLinear(capped, bias.detach().to_type(precision)), activation.Freeze(precision));
    }

    // W_c = W min(1, c / sigma_max(W)).
    private static Tensor CappedWeight(Tensor weight, double maxNorm)
    {
        var sigma = linalg.svdvals(weight)[0];
        return weight * torch.clamp_max(maxNorm / sigma, 1.0);
    }
}
