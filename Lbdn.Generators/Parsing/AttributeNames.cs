namespace Lbdn.Generators.Parsing;

/// <summary>Metadata names of the DSL (read from Lbdn.Dsl's types) and of the runtime interfaces and TorchSharp base the generator checks for.</summary>
internal static class AttributeNames
{
    public static readonly string LipschitzNet = typeof(LipschitzNetAttribute).FullName!;
    public static readonly string Input = typeof(InputAttribute).FullName!;
    public static readonly string LayerBase = typeof(LipschitzLayerAttribute).FullName!;
    public static readonly string LipschitzBound = typeof(LipschitzBoundAttribute).FullName!;
    public const string Freezable = "Lbdn.IFreezable";
    public const string LipschitzModule = "Lbdn.ILipschitzModule";
    public const string TorchModule = "TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>";
}
