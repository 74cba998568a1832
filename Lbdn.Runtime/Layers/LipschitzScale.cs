using Lbdn.Certification;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>y = c x; Lipschitz bound |c|. Used to inject gamma (sqrt(gamma) at input and output) and for [Scale(c)].</summary>
public sealed class LipschitzScale : nn.Module<Tensor, Tensor>, ILipschitzModule, IFreezable, ICertifiableStage, IIntervalStage, ICertifiableStep
{
    /// <summary>Multiplies by <paramref name="factor"/>.</summary>
    public LipschitzScale(double factor) : base(nameof(LipschitzScale))
    {
        if (!double.IsFinite(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The scale factor must be finite.");
        }

        Factor = factor;
    }

    /// <summary>The constant c.</summary>
    public double Factor { get; }

    /// <inheritdoc />
    public double LipschitzBound => Math.Abs(Factor);

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => input * Factor;

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => new LipschitzScale(Factor);

    /// <inheritdoc cref="IFreezable.Freeze(ScalarType)" />
    /// <remarks>Holds no weights, so the copy is the same in every precision.</remarks>
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        return Freeze();
    }

    /// <inheritdoc />
    public int MaskedActivations => 0;

    /// <inheritdoc />
    public IReadOnlyList<CertifiedStage> FreezeCertified(ScalarType precision) => [new CertifiedStage(Freeze(precision), LipschitzBound, affine: Affine())];

    /// <inheritdoc />
    public IntervalBall Propagate(IntervalBall ball, IList<NeuronBounds> collected) => ball.Scaled(Factor);

    /// <inheritdoc />
    public MaskedMaps? Maps() => null;

    /// <inheritdoc />
    /// <remarks>y = c h.</remarks>
    public AffineForm? Affine() => new(null, Factor);

    IBallStep ICertifiableStep.BallStep() => new ScaleBallStep(Factor);
}
