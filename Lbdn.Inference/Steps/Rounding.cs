namespace Lbdn.Inference.Steps;

/// <summary>Standard float64 rounding-error constants (Higham, Accuracy and Stability of Numerical Algorithms, ch. 3).</summary>
internal static class Rounding
{
    /// <summary>The unit roundoff u = 2^-53.</summary>
    public const double Unit = 1.1102230246251565e-16;

    /// <summary>gamma_n = n u / (1 - n u): |fl(sum of n products) - exact| &lt;= gamma_n sum |terms|, in any order, with or without FMA.</summary>
    public static double Gamma(long n) => n * Unit / (1 - (n * Unit));
}
