namespace Lbdn;

/// <summary>
/// A user module in the network: <c>[Layer(typeof(MyModule), OutputShape = [16])]</c>. Its class must carry
/// <see cref="LipschitzBoundAttribute"/> and have a public constructor whose parameters are all optional; it should implement
/// <c>Lbdn.IFreezable</c> and <c>Lbdn.ILipschitzModule</c>, which certification needs (LBDN009 warns otherwise). A class
/// declared with <see cref="LipschitzNetAttribute"/> qualifies as it is: its gamma is its bound, and it is built with the
/// outer network's device and dtype.
/// </summary>
/// <param name="module">A type deriving from <c>torch.nn.Module&lt;Tensor, Tensor&gt;</c>.</param>
public sealed class LayerAttribute(Type module) : LipschitzLayerAttribute
{
    /// <summary>The module type.</summary>
    public Type Module { get; } = module;

    /// <summary>
    /// The shape the module returns, without the batch dimension: <c>[features]</c> or <c>[channels, height, width]</c>.
    /// The generator cannot run the module, so it takes this declaration on trust to check the layers that follow (LBDN010
    /// reports a [Layer] without it); write the shape it receives when the module keeps it.
    /// </summary>
    public int[]? OutputShape { get; set; }
}
