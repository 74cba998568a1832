namespace Lbdn;

/// <summary>One layer of a declared network, for reports.</summary>
/// <param name="Name">The state_dict name.</param>
/// <param name="Kind">The layer kind, e.g. Sandwich.</param>
/// <param name="InputShape">Input shape without the batch dimension.</param>
/// <param name="OutputShape">Output shape without the batch dimension.</param>
/// <param name="Bound">The layer's Lipschitz bound.</param>
public sealed record LayerDescription(string Name, string Kind, long[] InputShape, long[] OutputShape, double Bound);
