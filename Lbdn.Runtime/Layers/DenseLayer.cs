using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// y = sigma(W_c x + b) with the spectral norm capped exactly: W_c = W min(1, c / ||W||_2), ||W||_2 from an exact SVD.
/// The Local-Lip style layer; bound c with any 1-Lipschitz activation (ClippedReLU gives tight local bounds).
/// </summary>
public sealed class DenseLayer : ActivatedLinear
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly LipschitzActivation activation;

    /// <summary>Creates a layer <paramref name="inFeatures"/> -&gt; <paramref name="outFeatures"/> with norm cap <paramref name="maxNorm"/>.</summary>
    public DenseLayer(long inFeatures, long outFeatures, double maxNorm = 1.0, Activation activation = Activation.ReLU, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(DenseLayer), inFeatures, outFeatures)
    {
        LayerArguments.FiniteNonNegative(maxNorm, nameof(maxNorm));
        MaxNorm = maxNorm;
        weight = ParameterInit.Uniform([outFeatures, inFeatures], inFeatures, device, dtype);
        bias = ParameterInit.Uniform([outFeatures], inFeatures, device, dtype);
        this.activation = new LipschitzActivation(activation, outFeatures, -1, device, dtype);
        CacheTransform(() => [weight], () => [CappedWeight(weight, maxNorm)]);
        RegisterComponents();
    }

    /// <summary>The spectral-norm cap c.</summary>
    public double MaxNorm { get; }

    /// <inheritdoc />
    public override LipschitzActivation Sigma => activation;

    /// <inheritdoc />
    public override double LipschitzBound => MaxNorm;

    /// <inheritdoc />
    public override Tensor Bias => bias;

    /// <inheritdoc />
    protected override Tensor FrozenWeight(ScalarType precision) => CappedWeight(weight.detach().to_type(precision), MaxNorm);

    // W_c = W min(1, c / sigma_max(W)).
    private static Tensor CappedWeight(Tensor weight, double maxNorm)
    {
        var sigma = linalg.svdvals(weight)[0];
        return weight * torch.clamp_max(maxNorm / sigma, 1.0);
    }
}
