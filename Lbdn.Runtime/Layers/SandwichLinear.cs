using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>The sandwich output layer y = B h + b (B from the Cayley transform, no A, no activation); ||B|| &lt;= 1.</summary>
public sealed class SandwichLinear : TransformLayer, ILipschitzModule, IFreezable
{
    private readonly Parameter weight;
    private readonly Parameter alpha;
    private readonly Parameter bias;

    /// <summary>Creates an output layer <paramref name="inFeatures"/> -&gt; <paramref name="outFeatures"/>.</summary>
    public SandwichLinear(long inFeatures, long outFeatures, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(SandwichLinear))
    {
        LayerArguments.Positive(inFeatures, nameof(inFeatures));
        LayerArguments.Positive(outFeatures, nameof(outFeatures));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        weight = ParameterInit.Uniform([outFeatures, outFeatures + inFeatures], outFeatures + inFeatures, device, dtype);
        alpha = ParameterInit.FrobeniusScale(weight);
        bias = ParameterInit.Uniform([outFeatures], outFeatures + inFeatures, device, dtype);
        CacheTransform(() => [weight, alpha], () => SandwichFactors.Compute(weight, alpha), () => SandwichFactors.Training(weight, alpha).Factors());
        RegisterComponents();
    }

    /// <summary>Input width.</summary>
    public long InFeatures { get; }

    /// <summary>Output width.</summary>
    public long OutFeatures { get; }

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>The weight B (out x in) of the current parameters.</summary>
    public Tensor Weight() => Transform()[1];

    /// <summary>The bias b.</summary>
    public Tensor Bias => bias;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Features(input, InFeatures, nameof(SandwichLinear));

        // y = B h + b.
        return nn.functional.linear(input, Weight(), bias);
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => Freeze(weight.dtype);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        using var scope = NewDisposeScope();
        var (_, b) = SandwichFactors.ComputeDetached(weight, alpha, precision);
        return new FrozenLinear(b, bias.detach().to_type(precision));
    }
}
