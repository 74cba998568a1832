namespace Lbdn;

/// <summary>Multiplies by a constant; bound |c|.</summary>
/// <param name="factor">The constant c.</param>
public sealed class ScaleAttribute(double factor) : LipschitzLayerAttribute
{
    /// <summary>The constant c.</summary>
    public double Factor { get; } = factor;
}
