using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// <see cref="SandwichLayer"/> &lt;-&gt; <c>SandwichFc(in, out)</c> and <see cref="SandwichLinear"/> &lt;-&gt; <c>SandwichLin(in, out[, AB=True])</c>:
/// <c>weight</c> [out, out + in] with its first out columns transposed; <c>alpha</c>, <c>psi</c>, <c>bias</c> unchanged.
/// </summary>
internal sealed class DenseSandwichMapping : IReferenceMapping
{
    public bool Handles(nn.Module<Tensor, Tensor> stage) => stage is SandwichLayer or SandwichLinear;

    public ReferenceLayout Layout(nn.Module<Tensor, Tensor> stage)
    {
        var (inFeatures, outFeatures) = Features(stage);
        List<ReferenceParameter> parameters = [new("weight", [outFeatures, outFeatures + inFeatures]), new("bias", [outFeatures]), new("alpha", [])];
        if (stage is SandwichLayer layer)
        {
            ReferenceActivation.RequireReLU(layer.Sigma, $"SandwichLayer({inFeatures}, {outFeatures})", "SandwichFc");
            parameters.Add(new("psi", [outFeatures]));
            return new ReferenceLayout("SandwichFc", [inFeatures, outFeatures], new Dictionary<string, object>(), parameters);
        }

        var options = ((SandwichLinear)stage).Form == SandwichForm.AB ? new Dictionary<string, object> { ["AB"] = true } : new Dictionary<string, object>();
        return new ReferenceLayout("SandwichLin", [inFeatures, outFeatures], options, parameters);
    }

    public Dictionary<string, Tensor> ToLbdn(nn.Module<Tensor, Tensor> stage, IReadOnlyDictionary<string, Tensor> reference)
    {
        var outFeatures = Features(stage).Out;
        var lbdn = new Dictionary<string, Tensor>
        {
            ["weight"] = KernelLayout.TransposeFirstBlock(reference["weight"], outFeatures),
            ["alpha"] = reference["alpha"].reshape([]),
            ["bias"] = reference["bias"],
        };
        if (stage is SandwichLayer)
        {
            lbdn["psi"] = reference["psi"];
        }

        return lbdn;
    }

    public Dictionary<string, Tensor> ToReference(nn.Module<Tensor, Tensor> stage)
    {
        var lbdn = StageParameters.Of(stage);
        var reference = new Dictionary<string, Tensor>
        {
            ["weight"] = KernelLayout.TransposeFirstBlock(lbdn["weight"], Features(stage).Out),
            ["bias"] = lbdn["bias"],
            ["alpha"] = lbdn["alpha"],
        };
        if (stage is SandwichLayer)
        {
            reference["psi"] = lbdn["psi"];
        }

        return reference;
    }

    private static (long In, long Out) Features(nn.Module<Tensor, Tensor> stage) => stage switch
    {
        SandwichLayer layer => (layer.InFeatures, layer.OutFeatures),
        SandwichLinear linear => (linear.InFeatures, linear.OutFeatures),
        _ => throw new ArgumentException($"not a dense sandwich layer: {stage.GetType().Name}", nameof(stage)),
    };
}
