using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// <see cref="OrthogonalConv2d"/> &lt;-&gt; <c>OrthogonConv(cin, cout, k[, stride=2])</c> (ReLU) or <c>OrthogonConvLin</c>
/// (identity). The reference's <c>weight</c> is [cout, c, k', k']. Not widening: Lbdn's <c>kernel</c> is the same with its
/// first cout input channels swapped and rotated (W1(f)^H). Widening (cout &gt; c): the reference's tall T maps to
/// [T[:c] | T[c:]^H]. Even k' is embedded as in <see cref="ConvSandwichMapping"/>; <c>alpha</c> may be absent (lazy).
/// </summary>
internal sealed class ConvOrthogonalMapping : IReferenceMapping
{
    public bool Handles(nn.Module<Tensor, Tensor> stage) => stage is OrthogonalConv2d;

    public ReferenceLayout Layout(nn.Module<Tensor, Tensor> stage)
    {
        var layer = (OrthogonalConv2d)stage;
        var referenceClass = ReferenceActivation.Orthogonal(
            layer.Sigma, $"OrthogonalConv2d({layer.InChannels}, {layer.OutChannels}, kernel {layer.Kernel}, stride {layer.Stride})", "OrthogonConv", "OrthogonConvLin");
        var k = KernelLayout.ReferenceKernel(layer.Kernel, layer.Stride);
        return new ReferenceLayout(referenceClass, [layer.InChannels, layer.OutChannels, layer.Kernel], ConvOptions.Of(layer.Stride),
            [new("weight", [layer.OutChannels, WorkingChannels(layer), k, k]), new("bias", [layer.OutChannels]), new("alpha", [], Lazy: true)]);
    }

    public Dictionary<string, Tensor> ToLbdn(nn.Module<Tensor, Tensor> stage, IReadOnlyDictionary<string, Tensor> reference)
    {
        var layer = (OrthogonalConv2d)stage;
        var t = KernelLayout.Centre(reference["weight"]);
        var c = WorkingChannels(layer);
        var kernel = layer.OutChannels <= c
            ? KernelLayout.AdjointFirstBlock(t, layer.OutChannels)
            : cat([t.narrow(0, 0, c), KernelLayout.Adjoint(t.narrow(0, c, layer.OutChannels - c))], 1).contiguous();
        return new() { ["kernel"] = kernel, ["alpha"] = ConvOptions.Alpha(reference, kernel, layer.OutputSize), ["bias"] = reference["bias"] };
    }

    public Dictionary<string, Tensor> ToReference(nn.Module<Tensor, Tensor> stage)
    {
        var layer = (OrthogonalConv2d)stage;
        var lbdn = StageParameters.Of(stage);
        var kernel = lbdn["kernel"];
        var c = WorkingChannels(layer);
        var t = layer.OutChannels <= c
            ? KernelLayout.AdjointFirstBlock(kernel, layer.OutChannels)
            : cat([kernel.narrow(1, 0, c), KernelLayout.Adjoint(kernel.narrow(1, c, layer.OutChannels - c))], 0).contiguous();
        var weight = ConvOptions.Uncentre(t, layer.Kernel, layer.Stride, "OrthogonalConv2d");
        return new() { ["weight"] = weight, ["bias"] = lbdn["bias"], ["alpha"] = lbdn["alpha"] };
    }

    private static long WorkingChannels(OrthogonalConv2d layer) => layer.Stride == 2 ? 4 * layer.InChannels : layer.InChannels;
}
