using Lbdn.Certification;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The sandwich output layer y = B h + b (B from the Cayley transform, no A, no activation), or in the AB form
/// y = 2 A^T B h + b; both weights have norm &lt;= 1 (2 A^T B is the off-diagonal block of the reflection 2 [A | B]^T [A | B] - I).
/// </summary>
public sealed class SandwichLinear : TransformLayer, ILipschitzModule, IFreezable, ICertifiableStage, IIntervalStage
{
    private readonly Parameter weight;
    private readonly Parameter alpha;
    private readonly Parameter bias;

    /// <summary>Creates an output layer <paramref name="inFeatures"/> -&gt; <paramref name="outFeatures"/> in the B form.</summary>
    public SandwichLinear(long inFeatures, long outFeatures, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : this(inFeatures, outFeatures, SandwichForm.B, device, dtype)
    {
    }

    /// <summary>Creates an output layer <paramref name="inFeatures"/> -&gt; <paramref name="outFeatures"/> in the given form.</summary>
    public SandwichLinear(long inFeatures, long outFeatures, SandwichForm form, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(SandwichLinear))
    {
        LayerArguments.Form(form, nameof(SandwichLinear));
        Form = form;
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

    /// <summary>The linear map: B or 2 A^T B.</summary>
    public SandwichForm Form { get; }

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>The weight (out x in) of the current parameters: B, or 2 A^T B in the AB form.</summary>
    public Tensor Weight() => Weight(Transform(), Form);

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
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision) => Frozen(precision);

    /// <inheritdoc />
    public IReadOnlyList<CertifiedStage> FreezeCertified(ScalarType precision)
    {
        var frozen = Frozen(precision);
        return [new CertifiedStage(frozen, LipschitzBound, affine: new AffineForm(frozen.Weight))];
    }

    /// <inheritdoc />
    public int MaskedActivations => 0;

    /// <inheritdoc />
    public IntervalBall Propagate(IntervalBall ball, IList<NeuronBounds> collected) =>
        ball.Affine(Weight(), bias) with { Radius = ball.Radius * LipschitzBound };

    /// <inheritdoc />
    public MaskedMaps? Maps() => null;

    /// <inheritdoc />
    public AffineForm? Affine() => new(Weight());

    private FrozenLinear Frozen(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        using var scope = NewDisposeScope();
        var (a, b) = SandwichFactors.ComputeDetached(weight, alpha, precision);
        return new FrozenLinear(Weight([a, b], Form), bias.detach().to_type(precision));
    }

    // B, or 2 A^T B (A is out x out, B out x in).
    private static Tensor Weight(Tensor[] ab, SandwichForm form) => form == SandwichForm.AB ? 2 * ab[0].mT.matmul(ab[1]) : ab[1];
}
