namespace Lbdn.Generators.Verification;

/// <summary>What one layer does to the shape and the bound, and what is wrong with it.</summary>
/// <param name="Output">The output shape, or null when it cannot be inferred.</param>
/// <param name="Bound">The layer's bound, or null when none is provable.</param>
/// <param name="Findings">The rules it breaks.</param>
internal sealed record LayerCheck(Shape? Output, double? Bound, IReadOnlyList<Finding> Findings);
