using Lbdn.Certification;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>Flattens [batch, c, h, w] into [batch, c h w]; an isometry, bound 1.</summary>
public sealed class Flatten : nn.Module<Tensor, Tensor>, ILipschitzModule, IFreezable, IIntervalStage, ICertifiableStep
{
    /// <summary>Creates the flatten stage.</summary>
    public Flatten() : base(nameof(Flatten))
    {
    }

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => input.flatten(1);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => new Flatten();

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
    public IntervalBall Propagate(IntervalBall ball, IList<NeuronBounds> collected) => ball.Rearranged(x => x.flatten(1));

    /// <inheritdoc />
    public MaskedMaps? Maps() => null;

    /// <inheritdoc />
    public AffineForm? Affine() => null;

    IBallStep ICertifiableStep.BallStep() => new RearrangeBallStep(x => x.flatten(1));
}
