using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// <see cref="SandwichConv2d"/> &lt;-&gt; <c>SandwichConv(cin, cout, k[, stride=2])</c>: the reference's <c>weight</c>
/// [cout, cout + c, k', k'] (c and k' after its space-to-depth) is Lbdn's <c>kernel</c> with the first cout input channels
/// swapped with the output channels and rotated by 180 degrees (W1(f)^H); an even k' (stride 2, k = 5, 9, ...) is embedded
/// into Lbdn's centred kernel with a zero first row and column. <c>alpha</c> (created lazily by the reference), <c>psi</c>,
/// <c>bias</c> are unchanged.
/// </summary>
internal sealed class ConvSandwichMapping : IReferenceMapping
{
    public bool Handles(nn.Module<Tensor, Tensor> stage) => stage is SandwichConv2d;

    public ReferenceLayout Layout(nn.Module<Tensor, Tensor> stage)
    {
        var layer = (SandwichConv2d)stage;
        ReferenceActivation.RequireReLU(layer.Sigma, $"SandwichConv2d({layer.InChannels}, {layer.OutChannels}, kernel {layer.Kernel}, stride {layer.Stride})", "SandwichConv");
        var width = StageParameters.Shape(stage, "kernel")[1];
        var k = KernelLayout.ReferenceKernel(layer.Kernel, layer.Stride);
        return new ReferenceLayout("SandwichConv", [layer.InChannels, layer.OutChannels, layer.Kernel], ConvOptions.Of(layer.Stride),
            [new("weight", [layer.OutChannels, width, k, k]), new("bias", [layer.OutChannels]), new("psi", [layer.OutChannels]), new("alpha", [], Lazy: true)]);
    }

    public Dictionary<string, Tensor> ToLbdn(nn.Module<Tensor, Tensor> stage, IReadOnlyDictionary<string, Tensor> reference)
    {
        var layer = (SandwichConv2d)stage;
        var kernel = KernelLayout.AdjointFirstBlock(KernelLayout.Centre(reference["weight"]), layer.OutChannels);
        return new()
        {
            ["kernel"] = kernel,
            ["alpha"] = ConvOptions.Alpha(reference, kernel, layer.OutputSize),
            ["psi"] = reference["psi"],
            ["bias"] = reference["bias"],
        };
    }

    public Dictionary<string, Tensor> ToReference(nn.Module<Tensor, Tensor> stage)
    {
        var layer = (SandwichConv2d)stage;
        var lbdn = StageParameters.Of(stage);
        var weight = ConvOptions.Uncentre(KernelLayout.AdjointFirstBlock(lbdn["kernel"], layer.OutChannels), layer.Kernel, layer.Stride, "SandwichConv2d");
        return new() { ["weight"] = weight, ["bias"] = lbdn["bias"], ["psi"] = lbdn["psi"], ["alpha"] = lbdn["alpha"] };
    }
}
