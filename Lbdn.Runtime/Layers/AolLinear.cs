using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The almost-orthogonal layer of Prach and Lampert (ECCV 2022): y = sigma(W diag(t) x + b) with
/// t_j = (sum_i |W^T W|_ij)^-1/2, so ||W diag(t)|| &lt;= 1 for every W; bound 1 with any 1-Lipschitz activation.
/// </summary>
public sealed class AolLinear : ActivatedLinear
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly LipschitzActivation activation;

    /// <summary>Creates a layer <paramref name="inFeatures"/> -&gt; <paramref name="outFeatures"/>.</summary>
    public AolLinear(long inFeatures, long outFeatures, Activation activation = Activation.ReLU, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(AolLinear), inFeatures, outFeatures)
    {
        weight = ParameterInit.Uniform([outFeatures, inFeatures], inFeatures, device, dtype);
        bias = ParameterInit.Uniform([outFeatures], inFeatures, device, dtype);
        this.activation = new LipschitzActivation(activation, outFeatures, -1, device, dtype);
        CacheTransform(() => [weight], () => [Rescaled(weight)]);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override LipschitzActivation Sigma => activation;

    /// <inheritdoc />
    public override double LipschitzBound => 1.0;

    /// <inheritdoc />
    public override Tensor Bias => bias;

    /// <inheritdoc />
    protected override Tensor FrozenWeight(ScalarType precision) => Rescaled(weight.detach().to_type(precision));

    // W diag(t), t_j = (sum_i |W^T W|_ij)^-1/2. Sums below the smallest normal number are raised to it, which only lowers
    // t_j (still sound) and keeps a zero column zero instead of 0 * inf.
    private static Tensor Rescaled(Tensor weight)
    {
        var smallestNormal = weight.dtype == ScalarType.Float64 ? 2.2250738585072014E-308 : 1.17549435E-38;
        var t = weight.mT.matmul(weight).abs().sum(dim: 0, keepdim: false).clamp_min(smallestNormal).rsqrt();
        return weight * t.unsqueeze(0);
    }
}
