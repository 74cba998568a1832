using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// <see cref="SllConv2d"/> with kernel 3 &lt;-&gt; <c>SLLBlockConv(channels, inner, 3)</c>: <c>kernel</c> [inner, channels, 3, 3],
/// <c>bias</c> and <c>q</c> as they are. The reference's T (sum_j q_j sum_s |C_ij(s)| / q_i over the kernel's full
/// self-correlation, its epsilon unused) is Lbdn's; it pads by 1 whatever the kernel, so only kernel 3 is the same function.
/// </summary>
internal sealed class ConvSllMapping : IReferenceMapping
{
    public bool Handles(nn.Module<Tensor, Tensor> stage) => stage is SllConv2d;

    public ReferenceLayout Layout(nn.Module<Tensor, Tensor> stage)
    {
        var layer = (SllConv2d)stage;
        var name = $"SllConv2d({layer.Channels}, {layer.InnerChannels}, kernel {layer.KernelSize})";
        ReferenceActivation.RequireReLU(layer.Sigma, name, "SLLBlockConv");
        if (layer.KernelSize != 3)
        {
            throw new ReferenceCheckpointException(
                $"{name} has no reference equivalent: the reference's SLLBlockConv pads by 1 whatever its kernel, so only kernel 3 computes the same function; declare Kernel = 3.");
        }

        return new ReferenceLayout("SLLBlockConv", [layer.Channels, layer.InnerChannels, layer.KernelSize], new Dictionary<string, object>(),
            [new("kernel", [layer.InnerChannels, layer.Channels, 3, 3]), new("bias", [layer.InnerChannels]), new("q", [layer.InnerChannels])]);
    }

    public Dictionary<string, Tensor> ToLbdn(nn.Module<Tensor, Tensor> stage, IReadOnlyDictionary<string, Tensor> reference) =>
        new() { ["kernel"] = reference["kernel"], ["bias"] = reference["bias"], ["q"] = reference["q"] };

    public Dictionary<string, Tensor> ToReference(nn.Module<Tensor, Tensor> stage)
    {
        var lbdn = StageParameters.Of(stage);
        return new() { ["kernel"] = lbdn["kernel"], ["bias"] = lbdn["bias"], ["q"] = lbdn["q"] };
    }
}
