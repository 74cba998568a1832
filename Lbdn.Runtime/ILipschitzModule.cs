namespace Lbdn;

/// <summary>A module with a proven upper bound on its l2 Lipschitz constant.</summary>
public interface ILipschitzModule
{
    /// <summary>An upper bound on ||f(x) - f(y)|| / ||x - y|| over all inputs, proven by construction.</summary>
    double LipschitzBound { get; }
}
