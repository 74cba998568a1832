using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The almost-orthogonal layer of Prach and Lampert (ECCV 2022): y = sigma(W diag(t) x + b) with
/// t_j = (sum_i |W^T W|_ij)^-1/2, so ||W diag(t)|| &lt;= 1 for every W; bound 1 with any 1-Lipschitz activation.
/// </summary>
public sealed class AolLinear : TransformLayer, ILipschitzModule, IFreezable
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly LipschitzActivation activation;

    /// <summary>Creates a layer <paramref name="inFeatures"/> -&gt; <paramref name="outFeatures"/>.</summary>
    public AolLinear(long inFeatures, long outFeatures, Activation activation = Activation.ReLU, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(AolLinear))
    {
        LayerArguments.Positive(inFeatures, nameof(inFeatures));
        LayerArguments.Positive(outFeatures, nameof(outFeatures));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        weight = ParameterInit.Uniform([outFeatures, inFeatures], inFeatures, device, dtype);
        bias = ParameterInit.Uniform([outFeatures], inFeatures, device, dtype);
        this.activation = new LipschitzActivation(activation, outFeatures, -1, device, dtype);
        CacheTransform(() => [weight], () => [Rescaled(weight)]);
        RegisterComponents();
    }

    /// <summary>Input width.</summary>
    public long InFeatures { get; }

    /// <summary>Output width.</summary>
    public long OutFeatures { get; }

    /// <summary>The activation.</summary>
    public LipschitzActivation Sigma => activation;

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>The rescaled weight W diag(t) of the current parameters.</summary>
    public Tensor Weight() => Transform()[0];

    /// <summary>The bias b.</summary>
    public Tensor Bias => bias;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Features(input, InFeatures, nameof(AolLinear));
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
        var rescaled = Rescaled(weight.detach().to_type(precision));
        return new FrozenSequence(new FrozenLinear(rescaled, bias.detach().to_type(precision)), activation.Freeze(precision));
    }

    // W diag(t), t_j = (sum_i |W^T W|_ij)^-1/2. Sums below the smallest normal number are raised to it, which only lowers
    // t_j (still sound) and keeps a zero column zero instead of 0 * inf.
    private static Tensor Rescaled(Tensor weight)
    {
        var smallestNormal = weight.dtype == ScalarType.Float64 ? 2.2250738585072014E-308 : 1.17549435E-38;
        var t = weight.mT.matmul(weight).abs().sum(dim: 0, keepdim: false).clamp_min(smallestNormal).rsqrt();
        return weight * t.unsqueeze(0);
    }
}
