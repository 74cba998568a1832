using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// <see cref="OrthogonalLinear"/> &lt;-&gt; <c>OrthogonFc(in, out)</c> (ReLU) or <c>OrthogonLin(in, out)</c> (identity). The
/// reference's <c>weight</c> is [out, in]. Not widening: Lbdn's weight is the same with its first out columns transposed.
/// Widening (out &gt; in): the reference's tall T maps to Lbdn's [in, out] weight [T[:in] | T[in:]^T].
/// </summary>
internal sealed class DenseOrthogonalMapping : IReferenceMapping
{
    public bool Handles(nn.Module<Tensor, Tensor> stage) => stage is OrthogonalLinear;

    public ReferenceLayout Layout(nn.Module<Tensor, Tensor> stage)
    {
        var layer = (OrthogonalLinear)stage;
        var (inFeatures, outFeatures) = (layer.InFeatures, layer.OutFeatures);
        var referenceClass = ReferenceActivation.Orthogonal(layer.Sigma, $"OrthogonalLinear({inFeatures}, {outFeatures})", "OrthogonFc", "OrthogonLin");
        return new ReferenceLayout(referenceClass, [inFeatures, outFeatures], new Dictionary<string, object>(),
            [new("weight", [outFeatures, inFeatures]), new("bias", [outFeatures]), new("alpha", [])]);
    }

    public Dictionary<string, Tensor> ToLbdn(nn.Module<Tensor, Tensor> stage, IReadOnlyDictionary<string, Tensor> reference)
    {
        var layer = (OrthogonalLinear)stage;
        var t = reference["weight"];
        var weight = layer.OutFeatures <= layer.InFeatures
            ? KernelLayout.TransposeFirstBlock(t, layer.OutFeatures)
            : cat([t.narrow(0, 0, layer.InFeatures), t.narrow(0, layer.InFeatures, layer.OutFeatures - layer.InFeatures).mT], 1).contiguous();
        return new() { ["weight"] = weight, ["alpha"] = reference["alpha"].reshape([]), ["bias"] = reference["bias"] };
    }

    public Dictionary<string, Tensor> ToReference(nn.Module<Tensor, Tensor> stage)
    {
        var layer = (OrthogonalLinear)stage;
        var lbdn = StageParameters.Of(stage);
        var w = lbdn["weight"];
        var weight = layer.OutFeatures <= layer.InFeatures
            ? KernelLayout.TransposeFirstBlock(w, layer.OutFeatures)
            : cat([w.narrow(1, 0, layer.InFeatures), w.narrow(1, layer.InFeatures, layer.OutFeatures - layer.InFeatures).mT], 0).contiguous();
        return new() { ["weight"] = weight, ["bias"] = lbdn["bias"], ["alpha"] = lbdn["alpha"] };
    }
}
