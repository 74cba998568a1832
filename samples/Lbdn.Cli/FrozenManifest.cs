using System.Text.Json;

namespace Lbdn.Cli;

/// <summary>What <c>lbdn freeze</c> writes next to a frozen state_dict, to know how to rebuild and certify it.</summary>
/// <param name="Network">The catalog name of the network the weights were frozen from.</param>
/// <param name="LipschitzBound">The proven l2 Lipschitz bound of the frozen network.</param>
/// <param name="InputShape">The input shape without the batch dimension.</param>
/// <param name="Weights">The file name of the frozen state_dict, in the same folder.</param>
internal sealed record FrozenManifest(string Network, double LipschitzBound, long[] InputShape, string Weights)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The manifest as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Indented);
}
