using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>Rearranges 2 x 2 pixel blocks into channels: [b, c, n, n] to [b, 4c, n/2, n/2]; a permutation, so an isometry.</summary>
public sealed class SpaceToDepth : nn.Module<Tensor, Tensor>, ILipschitzModule, IFreezable, ICertifiableStep
{
    /// <summary>Creates the stage.</summary>
    public SpaceToDepth() : base(nameof(SpaceToDepth))
    {
    }

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => nn.functional.pixel_unshuffle(input, 2);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => new SpaceToDepth();

    /// <inheritdoc cref="IFreezable.Freeze(ScalarType)" />
    /// <remarks>Holds no weights, so the copy is the same in every precision.</remarks>
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        return Freeze();
    }

    IBallStep ICertifiableStep.BallStep() => new RearrangeBallStep(x => nn.functional.pixel_unshuffle(x, 2));
}
