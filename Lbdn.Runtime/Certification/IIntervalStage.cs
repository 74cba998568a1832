namespace Lbdn.Certification;

/// <summary>
/// A stage whose bounds over a ball propagate differentiably through its live parameters, for Local-Lip training
/// (<see cref="IntervalPropagation"/>, <see cref="LocalPairBounds"/>). Networks implement it by folding their stages.
/// </summary>
public interface IIntervalStage
{
    /// <summary>How many pre-activation bounds <see cref="Propagate"/> appends (its elementwise activations).</summary>
    int MaskedActivations { get; }

    /// <summary>The image of <paramref name="ball"/>, differentiable, appending the bounds of its elementwise activations to <paramref name="collected"/>.</summary>
    IntervalBall Propagate(IntervalBall ball, IList<NeuronBounds> collected);

    /// <summary>The live maps around its one elementwise activation, or null when its local bound is its global one.</summary>
    MaskedMaps? Maps();

    /// <summary>The stage as a live affine map y = c W h + b, or null when it is not affine.</summary>
    AffineForm? Affine();
}
