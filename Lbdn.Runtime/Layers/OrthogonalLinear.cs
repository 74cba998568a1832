using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// y = sigma(W x + b) with W semi-orthogonal (W W^T = I or W^T W = I): W = [A | B] of the Cayley transform of
/// alpha V / ||V||_F, transposed when the layer widens. Bound 1 with any 1-Lipschitz activation (MaxMin by default).
/// </summary>
public sealed class OrthogonalLinear : TransformLayer, ILipschitzModule, IFreezable
{
    private readonly Parameter weight;
    private readonly Parameter alpha;
    private readonly Parameter bias;
    private readonly LipschitzActivation activation;

    /// <summary>Creates a layer <paramref name="inFeatures"/> -&gt; <paramref name="outFeatures"/>.</summary>
    public OrthogonalLinear(long inFeatures, long outFeatures, Activation activation = Activation.MaxMin, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(OrthogonalLinear))
    {
        LayerArguments.Positive(inFeatures, nameof(inFeatures));
        LayerArguments.Positive(outFeatures, nameof(outFeatures));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
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

    /// <summary>Input width.</summary>
    public long InFeatures { get; }

    /// <summary>Output width.</summary>
    public long OutFeatures { get; }

    /// <summary>The activation.</summary>
    public LipschitzActivation Sigma => activation;

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>The semi-orthogonal weight W (out x in) of the current parameters.</summary>
    public Tensor Weight() => Transform()[0];

    /// <summary>The bias b.</summary>
    public Tensor Bias => bias;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Features(input, InFeatures, nameof(OrthogonalLinear));
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
        var (a, b) = SandwichFactors.ComputeDetached(weight, alpha, precision);
        var w = OrthogonalWeight([a, b], OutFeatures <= InFeatures);
        return new FrozenSequence(new FrozenLinear(w, bias.detach().to_type(precision)), activation.Freeze(precision));
    }

    // W = [A | B] = Cayley(alpha V / ||V||_F), transposed to (out x in) when the layer widens.
    private static Tensor OrthogonalWeight(Tensor[] ab, bool narrowing)
    {
        var q = torch.cat(ab, dim: -1);
        return narrowing ? q : q.mT;
    }
}
