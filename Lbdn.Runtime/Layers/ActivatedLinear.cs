using Lbdn.Certification;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// y = sigma(W x + b) with W a transform of the layer's parameters (capped, rescaled or semi-orthogonal): the forward,
/// freeze and certification answers of <see cref="DenseLayer"/>, <see cref="AolLinear"/> and <see cref="OrthogonalLinear"/>.
/// With an elementwise sigma its local bound on a ball is min(L, ||D W||), D the mask of the varying neurons; with the
/// identity it is the affine map W x + b.
/// </summary>
public abstract class ActivatedLinear : TransformLayer, ILipschitzModule, IFreezable, ICertifiableStage, IIntervalStage
{
    /// <summary>Checks and records the widths; the derived constructor creates the parameters and declares the transform.</summary>
    protected ActivatedLinear(string name, long inFeatures, long outFeatures) : base(name)
    {
        LayerArguments.Positive(inFeatures, nameof(inFeatures));
        LayerArguments.Positive(outFeatures, nameof(outFeatures));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
    }

    /// <summary>Input width.</summary>
    public long InFeatures { get; }

    /// <summary>Output width.</summary>
    public long OutFeatures { get; }

    /// <summary>The activation.</summary>
    public abstract LipschitzActivation Sigma { get; }

    /// <summary>The bias b.</summary>
    public abstract Tensor Bias { get; }

    /// <inheritdoc />
    public abstract double LipschitzBound { get; }

    /// <inheritdoc />
    public int MaskedActivations => Sigma.IsElementwise ? 1 : 0;

    /// <summary>The effective weight W (out x in) of the current parameters.</summary>
    public Tensor Weight() => Transform()[0];

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Features(input, InFeatures, GetType().Name);
        using var scope = NewDisposeScope();
        return Sigma.call(nn.functional.linear(input, Weight(), Bias)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => Freeze(Bias.dtype);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision) => Frozen(precision).Sequence;

    /// <inheritdoc />
    public IReadOnlyList<CertifiedStage> FreezeCertified(ScalarType precision)
    {
        var (sequence, linear) = Frozen(precision);
        var local = Sigma.IsElementwise ? LocalBounds.Masked(new MaskedMaps(linear.Weight, null), LipschitzBound) : LocalBounds.Global(1);
        return [new CertifiedStage(sequence, LipschitzBound, local, Sigma.Kind == Activation.Identity ? new AffineForm(linear.Weight) : null)];
    }

    /// <inheritdoc />
    public IntervalBall Propagate(IntervalBall ball, IList<NeuronBounds> collected) =>
        ball.Affine(Weight(), Bias).Activated(Sigma, collected) with { Radius = ball.Radius * LipschitzBound };

    /// <inheritdoc />
    public MaskedMaps? Maps() => Sigma.IsElementwise ? new MaskedMaps(Weight(), null) : null;

    /// <inheritdoc />
    public AffineForm? Affine() => Sigma.Kind == Activation.Identity ? new AffineForm(Weight()) : null;

    /// <summary>The effective weight W from the parameters converted to <paramref name="precision"/>, without gradient.</summary>
    protected abstract Tensor FrozenWeight(ScalarType precision);

    private (FrozenSequence Sequence, FrozenLinear Linear) Frozen(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        using var _ = torch.no_grad();
        using var scope = NewDisposeScope();
        var linear = new FrozenLinear(FrozenWeight(precision), Bias.detach().to_type(precision));
        return (new FrozenSequence(linear, Sigma.Freeze(precision)), linear);
    }
}
