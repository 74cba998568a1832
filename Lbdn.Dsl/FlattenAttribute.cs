namespace Lbdn;

/// <summary>Flattens channels x height x width into a vector; bound 1.</summary>
public sealed class FlattenAttribute : LipschitzLayerAttribute;
