using Lbdn.Certification;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The fully connected sandwich layer of Wang and Manchester (ICML 2023):
/// h_out = sqrt(2) A^T Psi sigma(sqrt(2) Psi^-1 B h_in + b), 1-Lipschitz for every parameter value when sigma has slope in [0, 1].
/// </summary>
public sealed class SandwichLayer : TransformLayer, ILipschitzModule, IFreezable, ICertifiableStage, IIntervalStage
{
    private readonly Parameter weight;
    private readonly Parameter alpha;
    private readonly Parameter psi;
    private readonly Parameter bias;
    private readonly LipschitzActivation activation;

    /// <summary>Creates a layer <paramref name="inFeatures"/> -&gt; <paramref name="outFeatures"/> with all parameters.</summary>
    public SandwichLayer(long inFeatures, long outFeatures, Activation activation = Activation.ReLU, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(SandwichLayer))
    {
        LayerArguments.Positive(inFeatures, nameof(inFeatures));
        LayerArguments.Positive(outFeatures, nameof(outFeatures));
        LayerArguments.SlopeRestricted(activation, nameof(SandwichLayer));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        weight = ParameterInit.Uniform([outFeatures, outFeatures + inFeatures], outFeatures + inFeatures, device, dtype);
        alpha = ParameterInit.FrobeniusScale(weight);
        psi = ParameterInit.Filled([outFeatures], 0.0, device, dtype);
        bias = ParameterInit.Uniform([outFeatures], outFeatures + inFeatures, device, dtype);
        this.activation = new LipschitzActivation(activation, outFeatures, -1, device, dtype);
        CacheTransform(() => [weight, alpha, psi], () => [.. FactorsAndMaps()]);
        RegisterComponents();
    }

    /// <summary>Input width.</summary>
    public long InFeatures { get; }

    /// <summary>Output width.</summary>
    public long OutFeatures { get; }

    /// <summary>The activation sigma.</summary>
    public LipschitzActivation Sigma => activation;

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>The Cayley factors (A, B) of the current parameters.</summary>
    public (Tensor A, Tensor B) Factors()
    {
        var ab = Transform();
        return (ab[0], ab[1]);
    }

    /// <summary>Psi = diag(exp(d)) as its diagonal.</summary>
    public Tensor Psi() => psi.exp();

    /// <summary>The bias b inside the activation.</summary>
    public Tensor Bias => bias;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Features(input, InFeatures, nameof(SandwichLayer));
        using var scope = NewDisposeScope();
        if (training)
        {
            // The same map through the factored transform, recomputed from the parameters on every call.
            var psiDiagonal = psi.exp();
            var factored = SandwichFactors.Training(weight, alpha);
            var pre = (Math.Sqrt(2) * factored.TimesBTransposed(input) / psiDiagonal) + bias;
            return (Math.Sqrt(2) * factored.TimesA(activation.call(pre) * psiDiagonal)).MoveToOuterDisposeScope();
        }

        // h_out = U sigma(V h_in + b), in row-vector form.
        var (v, u) = Maps();
        return activation.call(input.matmul(v.mT) + bias).matmul(u!.mT).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public int MaskedActivations => 1;

    /// <summary>The maps around the activation of the current parameters (see <see cref="MapsOf"/>); cached with the factors in eval mode.</summary>
    public MaskedMaps Maps()
    {
        var transform = Transform();
        return new MaskedMaps(transform[2], transform[3]);
    }

    // [A, B, V, U] of the current parameters: the transform the cache keeps.
    private IEnumerable<Tensor> FactorsAndMaps()
    {
        var ab = SandwichFactors.Compute(weight, alpha);
        var (v, u) = MapsOf(ab[0], ab[1], psi.exp());
        return [.. ab, v, u!];
    }

    MaskedMaps? IIntervalStage.Maps() => Maps();

    /// <inheritdoc />
    public AffineForm? Affine() => null;

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => Freeze(weight.dtype);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision) => Frozen(precision).Sequence;

    /// <inheritdoc />
    /// <remarks>The local bound on a ball is min(1, ||U P|| ||P V||) (Wang and Manchester, ICML 2023, restricted to the ball).</remarks>
    public IReadOnlyList<CertifiedStage> FreezeCertified(ScalarType precision)
    {
        var (sequence, maps) = Frozen(precision);
        return [new CertifiedStage(sequence, LipschitzBound, LocalBounds.Masked(maps, LipschitzBound))];
    }

    /// <inheritdoc />
    /// <remarks>The box goes through V, sigma, then U, whose ball radius is unknown inside the layer, so only the interval box is used there.</remarks>
    public IntervalBall Propagate(IntervalBall ball, IList<NeuronBounds> collected)
    {
        var (v, u) = Maps();
        return ball.Affine(v, bias).Activated(activation, collected).Affine(u!, null) with { Radius = ball.Radius * LipschitzBound };
    }

    /// <summary>V = sqrt(2) Psi^-1 B and U = sqrt(2) A^T Psi, the maps of h_out = U sigma(V h_in + b).</summary>
    internal static MaskedMaps MapsOf(Tensor a, Tensor b, Tensor psiDiagonal) =>
        new(Math.Sqrt(2) * b / psiDiagonal.unsqueeze(1), Math.Sqrt(2) * a.mT * psiDiagonal.unsqueeze(0));

    // [V, sigma, U] with V, U from the parameters converted to precision, and the maps they hold.
    private (FrozenSequence Sequence, MaskedMaps Maps) Frozen(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        using var _ = torch.no_grad();
        using var scope = NewDisposeScope();
        var (a, b) = SandwichFactors.ComputeDetached(weight, alpha, precision);
        var (v, u) = MapsOf(a, b, psi.detach().to_type(precision).exp());
        var (inner, outer) = (new FrozenLinear(v, bias.detach().to_type(precision)), new FrozenLinear(u!, null));
        return (new FrozenSequence(inner, activation.Freeze(precision), outer), new MaskedMaps(inner.Weight, outer.Weight));
    }
}
