namespace Lbdn;

/// <summary>States the l2 Lipschitz bound of a user module; the author is responsible for its proof.</summary>
/// <param name="bound">A positive, finite upper bound.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LipschitzBoundAttribute(double bound) : Attribute
{
    /// <summary>The bound.</summary>
    public double Bound { get; } = bound;
}
