namespace Lbdn;

/// <summary>
/// A user module in the network: <c>[Layer(typeof(MyModule))]</c>. Its class must carry <see cref="LipschitzBoundAttribute"/>
/// and have a public constructor taking no arguments.
/// </summary>
/// <param name="module">A type deriving from <c>torch.nn.Module&lt;Tensor, Tensor&gt;</c>.</param>
public sealed class LayerAttribute(Type module) : LipschitzLayerAttribute
{
    /// <summary>The module type.</summary>
    public Type Module { get; } = module;
}
