using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// A stage that certification freezes once and reasons about through what that freeze returns: its explicit steps, its
/// local bound on a ball and, for an affine stage, its affine form. Layers answer with one <see cref="CertifiedStage"/>;
/// networks with their stages' answers in order (<see cref="CertifiedStage.Compose"/>), so a nested network needs no special case.
/// A stage that implements only <see cref="IFreezable"/> is certified with its global bound (<see cref="CertifiedStage.Of"/>).
/// </summary>
public interface ICertifiableStage
{
    /// <summary>
    /// Freezes the stage in <paramref name="precision"/> as <see cref="IFreezable.Freeze(ScalarType)"/> does, and builds its
    /// local bound and affine form from the same frozen weights.
    /// </summary>
    IReadOnlyList<CertifiedStage> FreezeCertified(ScalarType precision);
}
