namespace Lbdn.Certification;

/// <summary>Which bound on a masked spectral norm a propagation uses.</summary>
public enum NormBound
{
    /// <summary>The eigensolver bound: a proven upper bound, tight to float64 rounding.</summary>
    Exact,

    /// <summary>A cheaper proven upper bound, at least the exact one: certifies soundly but less often.</summary>
    Upper,

    /// <summary>An estimate from below, never a certificate: a sample it cannot certify, no upper bound certifies.</summary>
    Lower,
}
