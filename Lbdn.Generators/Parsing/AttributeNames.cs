namespace Lbdn.Generators.Parsing;

/// <summary>Metadata names of the DSL in namespace Lbdn.</summary>
internal static class AttributeNames
{
    public const string LipschitzNet = "Lbdn.LipschitzNetAttribute";
    public const string Input = "Lbdn.InputAttribute";
    public const string LayerBase = "Lbdn.LipschitzLayerAttribute";
    public const string LipschitzBound = "Lbdn.LipschitzBoundAttribute";
    public const string Freezable = "Lbdn.IFreezable";
    public const string LipschitzModule = "Lbdn.ILipschitzModule";
    public const string TorchModule = "TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>";
}
