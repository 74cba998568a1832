using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// <see cref="SandwichConv2d"/> &lt;-&gt; <c>SandwichConv(cin, cout, k[, stride=2])</c>: the reference's <c>weight</c>
/// [cout, cout + c, k', k'] (c and k' after its space-to-depth) is Lbdn's <c>kernel</c> with the first cout input channels
/// swapped with the output channels and rotated by 180 degrees (W1(f)^H); an even k' (stride 2, k = 5, 9, ...) is embedded
/// into Lbdn's centred kernel with a zero first row and column. <c>alpha</c> (created lazily by the reference), <c>psi</c>,
/// <c>bias</c> are unchanged. <see cref="SandwichConvLinear"/> in the AB form &lt;-&gt; <c>SandwichConvLin</c> likewise, without psi.
/// </summary>
internal sealed class ConvSandwichMapping : IReferenceMapping
{
    public bool Handles(nn.Module<Tensor, Tensor> stage) => stage is SandwichConv2d or SandwichConvLinear;

    public ReferenceLayout Layout(nn.Module<Tensor, Tensor> stage)
    {
        if (stage is SandwichConvLinear linear)
        {
            if (linear.Form != SandwichForm.AB)
            {
                throw new ReferenceCheckpointException(
                    $"SandwichConvLinear({linear.InChannels}, {linear.OutChannels}, kernel {linear.Kernel}, stride {linear.Stride}) is the B form, which the reference lacks: its SandwichConvLin computes 2 A(f)^H B(f) x + b; declare Form = SandwichForm.AB.");
            }

            var taps = KernelLayout.ReferenceKernel(linear.Kernel, linear.Stride);
            return new ReferenceLayout("SandwichConvLin", [linear.InChannels, linear.OutChannels, linear.Kernel], ConvOptions.Of(linear.Stride),
                [new("weight", [linear.OutChannels, StageParameters.Shape(stage, "kernel")[1], taps, taps]), new("bias", [linear.OutChannels]), new("alpha", [], Lazy: true)]);
        }

        var layer = (SandwichConv2d)stage;
        ReferenceActivation.RequireReLU(layer.Sigma, $"SandwichConv2d({layer.InChannels}, {layer.OutChannels}, kernel {layer.Kernel}, stride {layer.Stride})", "SandwichConv");
        var width = StageParameters.Shape(stage, "kernel")[1];
        var k = KernelLayout.ReferenceKernel(layer.Kernel, layer.Stride);
        return new ReferenceLayout("SandwichConv", [layer.InChannels, layer.OutChannels, layer.Kernel], ConvOptions.Of(layer.Stride),
            [new("weight", [layer.OutChannels, width, k, k]), new("bias", [layer.OutChannels]), new("psi", [layer.OutChannels]), new("alpha", [], Lazy: true)]);
    }

    public Dictionary<string, Tensor> ToLbdn(nn.Module<Tensor, Tensor> stage, IReadOnlyDictionary<string, Tensor> reference)
    {
        var (outChannels, outputSize, _, _) = Geometry(stage);
        var kernel = KernelLayout.AdjointFirstBlock(KernelLayout.Centre(reference["weight"]), outChannels);
        var lbdn = new Dictionary<string, Tensor>
        {
            ["kernel"] = kernel,
            ["alpha"] = ConvOptions.Alpha(reference, kernel, outputSize),
            ["bias"] = reference["bias"],
        };
        if (stage is SandwichConv2d)
        {
            lbdn["psi"] = reference["psi"];
        }

        return lbdn;
    }

    public Dictionary<string, Tensor> ToReference(nn.Module<Tensor, Tensor> stage)
    {
        var (outChannels, _, kernel, stride) = Geometry(stage);
        var lbdn = StageParameters.Of(stage);
        var weight = ConvOptions.Uncentre(KernelLayout.AdjointFirstBlock(lbdn["kernel"], outChannels), kernel, stride, stage.GetType().Name);
        var reference = new Dictionary<string, Tensor> { ["weight"] = weight, ["bias"] = lbdn["bias"], ["alpha"] = lbdn["alpha"] };
        if (stage is SandwichConv2d)
        {
            reference["psi"] = lbdn["psi"];
        }

        return reference;
    }

    private static (long OutChannels, long OutputSize, long Kernel, long Stride) Geometry(nn.Module<Tensor, Tensor> stage) => stage switch
    {
        SandwichConv2d layer => (layer.OutChannels, layer.OutputSize, layer.Kernel, layer.Stride),
        SandwichConvLinear layer => (layer.OutChannels, layer.OutputSize, layer.Kernel, layer.Stride),
        _ => throw new ArgumentException($"not a sandwich convolution: {stage.GetType().Name}", nameof(stage)),
    };
}
