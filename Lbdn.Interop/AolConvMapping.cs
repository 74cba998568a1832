using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// <see cref="AolConv2d"/> &lt;-&gt; <c>AolConv(cin, cout, k)</c> (ReLU) or <c>AolConvLin(cin, cout, k)</c> (identity): <c>kernel</c>
/// and <c>bias</c> as they are. The reference rescales the output channels (from the kernel's correlation over output
/// channels), Lbdn's AolConv2d the input channels; both are proven, and they coincide when each side has one channel.
/// </summary>
internal sealed class AolConvMapping : IReferenceMapping, IApproximateMapping
{
    public bool Handles(nn.Module<Tensor, Tensor> stage) => stage is AolConv2d;

    public ReferenceLayout Layout(nn.Module<Tensor, Tensor> stage)
    {
        var layer = (AolConv2d)stage;
        var referenceClass = ReferenceActivation.Orthogonal(layer.Sigma, $"AolConv2d({layer.InChannels}, {layer.OutChannels}, kernel {layer.KernelSize})", "AolConv", "AolConvLin");
        var k = layer.KernelSize;
        return new ReferenceLayout(referenceClass, [layer.InChannels, layer.OutChannels, k], new Dictionary<string, object>(),
            [new("kernel", [layer.OutChannels, layer.InChannels, k, k]), new("bias", [layer.OutChannels])]);
    }

    public Dictionary<string, Tensor> ToLbdn(nn.Module<Tensor, Tensor> stage, IReadOnlyDictionary<string, Tensor> reference) =>
        new() { ["kernel"] = reference["kernel"], ["bias"] = reference["bias"] };

    public Dictionary<string, Tensor> ToReference(nn.Module<Tensor, Tensor> stage)
    {
        var lbdn = StageParameters.Of(stage);
        return new() { ["kernel"] = lbdn["kernel"], ["bias"] = lbdn["bias"] };
    }

    public bool ExportsExactly => false;

    public string Difference(nn.Module<Tensor, Tensor> stage) =>
        $"the reference's {Layout(stage).Class} rescales output channel o by (sum_p sum_s |C_op(s)|)^-1/2 over output channels, Lbdn's AolConv2d input channel c over input channels (both proven; equal for one input and one output channel)";

    // sigma(t_o conv(x, K) + b_o), t_o = (sum_p sum_s |sum_{c,u} K_ocu K_pc(u+s)|)^-1/2: the reference's output-channel AOL.
    public Tensor ReferenceForward(nn.Module<Tensor, Tensor> stage, Tensor input)
    {
        var layer = (AolConv2d)stage;
        using var scope = NewDisposeScope();
        var kernel = layer.Kernel.detach();
        var k = layer.KernelSize;
        var t = nn.functional.conv2d(kernel, kernel, padding: [k - 1, k - 1]).abs().sum([1, 2, 3]).rsqrt();
        var padding = (k - 1) / 2;
        var output = nn.functional.conv2d(input, kernel, padding: [padding, padding]) * t.reshape(1, -1, 1, 1) + layer.Bias.detach().reshape(1, -1, 1, 1);
        return (layer.Sigma.Kind == Activation.ReLU ? nn.functional.relu(output) : output).MoveToOuterDisposeScope();
    }
}
