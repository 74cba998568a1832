using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// How a network answers every question about itself from its stages' answers, in forward order. Generated networks and
/// <see cref="LipschitzSequential"/> implement <see cref="IFreezable"/>, <see cref="ICertifiableStage"/> and
/// <see cref="IIntervalStage"/> through these, so a network nested in another is one more stage.
/// </summary>
public static class NetworkComposition
{
    /// <summary>Every stage frozen in <paramref name="precision"/>, affine steps fused.</summary>
    public static FrozenNetwork Freeze(ILipschitzNetwork network, ScalarType precision) => FrozenNetwork.From(network, precision);

    /// <summary>The certified stages of every stage, in order.</summary>
    public static IReadOnlyList<CertifiedStage> FreezeCertified(ILipschitzNetwork network, ScalarType precision) =>
        CertifiedStage.Compose(network, precision);

    /// <summary>The ball through every stage.</summary>
    public static IntervalBall Propagate(ILipschitzNetwork network, IntervalBall ball, IList<NeuronBounds> collected) =>
        IntervalPropagation.Through(network, ball, collected);

    /// <summary>The pre-activation bounds the stages append.</summary>
    public static int MaskedActivations(ILipschitzNetwork network) =>
        network.Stages.Sum(stage => (stage as IIntervalStage)?.MaskedActivations ?? 0);

    /// <summary>A network of one stage has that stage's maps; several stages are bounded stage by stage, so none as one.</summary>
    public static MaskedMaps? Maps(ILipschitzNetwork network) =>
        network.Stages.Count == 1 ? (network.Stages[0] as IIntervalStage)?.Maps() : null;

    /// <summary>A network of one stage has that stage's affine form; otherwise it is not treated as affine.</summary>
    public static AffineForm? Affine(ILipschitzNetwork network) =>
        network.Stages.Count == 1 ? (network.Stages[0] as IIntervalStage)?.Affine() : null;
}
