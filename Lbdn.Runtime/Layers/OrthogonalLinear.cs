using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// y = sigma(W x + b) with W semi-orthogonal (W W^T = I or W^T W = I): W = [A | B] of the Cayley transform of
/// alpha V / ||V||_F, transposed when the layer widens. Bound 1 with any 1-Lipschitz activation (MaxMin by default).
/// </summary>
public sealed class OrthogonalLinear : ActivatedLinear
{
    private readonly Parameter weight;
    private readonly Parameter alpha;
    private readonly Parameter bias;
    private readonly LipschitzActivation activation;

    /// <summary>Creates a layer <paramref name="inFeatures"/> -&gt; <paramref name="outFeatures"/>.</summary>
    public OrthogonalLinear(long inFeatures, long outFeatures, Activation activation = Activation.MaxMin, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(OrthogonalLinear), inFeatures, outFeatures)
    {
        var m = Math.Min(inFeatures, outFeatures);
        weight = ParameterInit.Uniform([m, Math.Max(inFeatures, outFeatures)], Math.Max(inFeatures, outFeatures), device, dtype);
        alpha = ParameterInit.FrobeniusScale(weight);
        bias = ParameterInit.Uniform([outFeatures], inFeatures, device, dtype);
        this.activation = new LipschitzActivation(activation, outFeatures, -1, device, dtype);
        CacheTransform(
            () => [weight, alpha],
            () => [OrthogonalWeight(SandwichFactors.Compute(weight, alpha), outFeatures <= inFeatures)],
            () => [OrthogonalWeight(SandwichFactors.Training(weight, alpha).Factors(), outFeatures <= inFeatures)]);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override LipschitzActivation Sigma => activation;

    /// <inheritdoc />
    public override double LipschitzBound => 1.0;

    /// <inheritdoc />
    public override Tensor Bias => bias;

    /// <inheritdoc />
    protected override Tensor FrozenWeight(ScalarType precision)
    {
        var (a, b) = SandwichFactors.ComputeDetached(weight, alpha, precision);
        return OrthogonalWeight([a, b], OutFeatures <= InFeatures);
    }

    // W = [A | B] = Cayley(alpha V / ||V||_F), transposed to (out x in) when the layer widens.
    private static Tensor OrthogonalWeight(Tensor[] ab, bool narrowing)
    {
        var q = torch.cat(ab, dim: -1);
        return narrowing ? q : q.mT;
    }
}
