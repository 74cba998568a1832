namespace Lbdn;

/// <summary>The 1-Lipschitz sandwich output layer y = scale * B h + b, with no activation.</summary>
/// <param name="features">Output width.</param>
public sealed class SandwichLinearAttribute(int features) : LipschitzLayerAttribute
{
    /// <summary>Output width.</summary>
    public int Features { get; } = features;
}
