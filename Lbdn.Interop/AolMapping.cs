using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary><see cref="AolLinear"/> &lt;-&gt; <c>AolFc(in, out)</c> (ReLU) or <c>AolLin(in, out)</c> (identity): <c>weights</c> is Lbdn's <c>weight</c>, <c>bias</c> as is.</summary>
internal sealed class AolMapping : IReferenceMapping
{
    public bool Handles(nn.Module<Tensor, Tensor> stage) => stage is AolLinear;

    public ReferenceLayout Layout(nn.Module<Tensor, Tensor> stage)
    {
        var layer = (AolLinear)stage;
        var referenceClass = ReferenceActivation.Orthogonal(layer.Sigma, $"AolLinear({layer.InFeatures}, {layer.OutFeatures})", "AolFc", "AolLin");
        return new ReferenceLayout(referenceClass, [layer.InFeatures, layer.OutFeatures], new Dictionary<string, object>(),
            [new("weights", [layer.OutFeatures, layer.InFeatures]), new("bias", [layer.OutFeatures])]);
    }

    public Dictionary<string, Tensor> ToLbdn(nn.Module<Tensor, Tensor> stage, IReadOnlyDictionary<string, Tensor> reference) =>
        new() { ["weight"] = reference["weights"], ["bias"] = reference["bias"] };

    public Dictionary<string, Tensor> ToReference(nn.Module<Tensor, Tensor> stage)
    {
        var lbdn = StageParameters.Of(stage);
        return new() { ["weights"] = lbdn["weight"], ["bias"] = lbdn["bias"] };
    }
}
