namespace Lbdn.Certification;

/// <summary>What a network achieves on a data set at one l2 radius.</summary>
/// <param name="Radius">The radius eps.</param>
/// <param name="CleanAccuracy">Fraction predicted correctly (float64 forward pass).</param>
/// <param name="CertifiedGlobal">Fraction correct and certified by the global bound (per-pair rule when the last layer is known).</param>
/// <param name="CertifiedLocal">Fraction correct and certified by the local Lipschitz certificate (never below the global one).</param>
/// <param name="PgdAccuracy">Fraction correct at every point the L2 PGD attack tried: an upper bound on robust accuracy.</param>
/// <param name="Time">Time spent on this radius.</param>
/// <param name="StableFraction">Fraction of ReLU and clipped-ReLU neurons proven constant on the balls (see <see cref="LocalCertification.StableFraction"/>).</param>
public sealed record RadiusReport(double Radius, double CleanAccuracy, double CertifiedGlobal, double CertifiedLocal, double PgdAccuracy, TimeSpan Time, double StableFraction);

/// <summary>Progress of a <see cref="CertificationReport"/> run.</summary>
/// <param name="Radius">The radius being evaluated.</param>
/// <param name="RadiusIndex">Its 0-based index in the list.</param>
/// <param name="Radii">How many radii the run evaluates.</param>
/// <param name="Done">Samples done at this radius.</param>
/// <param name="Total">Samples per radius.</param>
public sealed record CertificationProgress(double Radius, int RadiusIndex, int Radii, long Done, long Total);

/// <summary>How a <see cref="CertificationReport"/> runs.</summary>
/// <param name="BatchSize">Samples certified and attacked at once.</param>
/// <param name="Pgd">The attack's options; null for the defaults.</param>
public sealed record CertificationOptions(int BatchSize = 100, PgdOptions? Pgd = null);
