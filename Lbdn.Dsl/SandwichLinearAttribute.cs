namespace Lbdn;

/// <summary>The 1-Lipschitz sandwich output layer y = B h + b (or 2 A^T B h + b with <see cref="Form"/> = <see cref="SandwichForm.AB"/>), with no activation.</summary>
/// <param name="features">Output width.</param>
public sealed class SandwichLinearAttribute(int features) : LipschitzLayerAttribute
{
    /// <summary>Output width.</summary>
    public int Features { get; } = features;

    /// <summary>The linear map: B (default) or 2 A^T B.</summary>
    public SandwichForm Form { get; set; } = DefaultForm;

    /// <summary>The linear map when none is written: B.</summary>
    public const SandwichForm DefaultForm = SandwichForm.B;
}
