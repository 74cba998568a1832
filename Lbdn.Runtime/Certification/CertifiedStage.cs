using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// One stage frozen for certification: its explicit steps, its proven global bound, its local bound on a ball and, when it
/// is affine, its affine form, all from one freeze. <see cref="Frozen"/> is handed to the caller (the certified copy owns it);
/// disposing this releases the local bound.
/// </summary>
public sealed class CertifiedStage : IDisposable
{
    /// <summary>Describes a frozen stage; <paramref name="local"/> null means the global bound and no activations.</summary>
    public CertifiedStage(nn.Module<Tensor, Tensor> frozen, double bound, ILocalBound? local = null, AffineForm? affine = null)
    {
        Frozen = frozen;
        Bound = bound;
        Local = local;
        Affine = affine;
    }

    /// <summary>The explicit steps, as <see cref="IFreezable.Freeze(ScalarType)"/> returns them.</summary>
    public nn.Module<Tensor, Tensor> Frozen { get; }

    /// <summary>The stage's proven global l2 bound.</summary>
    public double Bound { get; }

    /// <summary>The local-bound rule, or null for the global bound.</summary>
    public ILocalBound? Local { get; }

    /// <summary>The stage as y = c W h + b with W from <see cref="Frozen"/>, or null when it is not affine.</summary>
    public AffineForm? Affine { get; }

    /// <summary>How many activations <see cref="Frozen"/> holds.</summary>
    public int Activations => Local?.Activations ?? 0;

    /// <summary>
    /// The certified stages of <paramref name="stage"/> frozen in <paramref name="precision"/>: its own answer when it is an
    /// <see cref="ICertifiableStage"/>, else its freeze with its global bound.
    /// </summary>
    /// <exception cref="NotSupportedException">The stage cannot freeze itself or has no proven bound.</exception>
    public static IReadOnlyList<CertifiedStage> Of(nn.Module<Tensor, Tensor> stage, ScalarType precision) => stage switch
    {
        ICertifiableStage certifiable => certifiable.FreezeCertified(precision),
        IFreezable freezable and ILipschitzModule lipschitz => [Global(freezable.Freeze(precision), lipschitz.LipschitzBound)],
        _ => throw new NotSupportedException(
            $"Certification freezes every stage in float64 from its parameters, but the stage {stage.GetType().Name} does not implement IFreezable and ILipschitzModule."),
    };

    /// <summary>A frozen stage certified with its global bound, its activations' masks unused.</summary>
    public static CertifiedStage Global(nn.Module<Tensor, Tensor> frozen, double bound) =>
        new(frozen, bound, LocalBounds.Global(FrozenNetwork.Unnest(frozen).Count(step => step is LipschitzActivation)));

    /// <summary>The certified stages of every stage of <paramref name="network"/> in order: how a network composes its stages' answers.</summary>
    public static IReadOnlyList<CertifiedStage> Compose(ILipschitzNetwork network, ScalarType precision) =>
        [.. network.Stages.SelectMany(stage => Of(stage, precision))];

    /// <inheritdoc />
    public void Dispose() => Local?.Dispose();
}
