namespace Lbdn.Generators.Emit;

/// <summary>Fully qualified names of the TorchSharp and Lbdn runtime types the generated code uses (docs/architecture.md).</summary>
internal static class RuntimeNames
{
    public const string Tensor = "global::TorchSharp.torch.Tensor";
    public const string Module = "global::TorchSharp.torch.nn.Module<" + Tensor + ", " + Tensor + ">";
    public const string Device = "global::TorchSharp.torch.Device";
    public const string ScalarType = "global::TorchSharp.torch.ScalarType";
    public const string ManualSeed = "global::TorchSharp.torch.random.manual_seed";
    public const string NewDisposeScope = "global::TorchSharp.torch.NewDisposeScope";
    public const string Network = "global::Lbdn.ILipschitzNetwork";
    public const string LipschitzModule = "global::Lbdn.ILipschitzModule";
    public const string Freezable = "global::Lbdn.IFreezable";
    public const string CertifiableStage = "global::Lbdn.Certification.ICertifiableStage";
    public const string IntervalStage = "global::Lbdn.Certification.IIntervalStage";
    public const string NetworkComposition = "global::Lbdn.Layers.NetworkComposition";
    public const string LayerDescription = "global::Lbdn.LayerDescription";
    public const string CertificationReport = "global::Lbdn.Certification.CertificationReport";
    public const string RadiusReport = "global::Lbdn.Certification.RadiusReport";
    public const string CertificationOptions = "global::Lbdn.Certification.CertificationOptions";
    public const string GlobalCertificate = "global::Lbdn.Certification.GlobalCertificate";
    public const string CertifiableNetwork = "global::Lbdn.Certification.CertifiableNetwork";
    public const string Activation = "global::" + nameof(Lbdn) + "." + nameof(Lbdn.Activation);
    public const string SandwichForm = "global::" + nameof(Lbdn) + "." + nameof(Lbdn.SandwichForm);
    public const string FrozenNetwork = "global::Lbdn.Layers.FrozenNetwork";
    public const string ReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";
    public const string Layers = "global::Lbdn.Layers.";
}
