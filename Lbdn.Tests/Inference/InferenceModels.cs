using Lbdn.Certification;
using Lbdn.Export;
using Lbdn.Inference;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Inference;

/// <summary>Networks, their frozen-model files loaded into Lbdn.Inference, and the runtime's float64 radius to compare with.</summary>
internal static class InferenceModels
{
    /// <summary>The frozen-model file of <paramref name="network"/>, written to memory and loaded.</summary>
    public static LbdnModel Load(ILipschitzNetwork network, string name = "Test")
    {
        using var stream = new MemoryStream();
        FrozenModelWriter.Create(network, name).Write(stream);
        stream.Position = 0;
        return LbdnModel.Load(stream);
    }

    /// <summary>The architecture of the CLI's mnist-sandwich: sqrt(gamma), sandwich 784-190-190-128, output 10, sqrt(gamma).</summary>
    public static LipschitzSequential MnistSandwich(int seed)
    {
        manual_seed(seed);
        return new LipschitzSequential(
            [784],
            new LipschitzScale(1.0),
            new SandwichLayer(784, 190, Activation.ReLU),
            new SandwichLayer(190, 190, Activation.ReLU),
            new SandwichLayer(190, 128, Activation.ReLU),
            new SandwichLinear(128, 10),
            new LipschitzScale(1.0));
    }

    /// <summary>The architecture of the CLI's mnist-conv: sandwich conv 16 stride 2, flatten, sandwich 256, output 10.</summary>
    public static LipschitzSequential MnistConv(int seed)
    {
        manual_seed(seed);
        return new LipschitzSequential(
            [1, 28, 28],
            new SandwichConv2d(1, 16, 28, 3, 2, Activation.ReLU),
            new Flatten(),
            new SandwichLayer(16 * 14 * 14, 256, Activation.ReLU),
            new SandwichLinear(256, 10));
    }

    /// <summary>
    /// Every AOL and SLL kind in one classifier on [2, 7, 9] images: AOL conv k 3, SLL conv k 5 (clipped) and k 1 (tanh),
    /// AOL conv k 1 to one channel, flatten, SLL dense (sigmoid), AOL dense to 5 logits, scaled by 2.
    /// </summary>
    public static LipschitzSequential Baselines(int seed)
    {
        manual_seed(seed);
        return new LipschitzSequential(
            [2, 7, 9],
            new AolConv2d(2, 3, 3, Activation.ReLU),
            new SllConv2d(3, 4, 5, Activation.ClippedReLU),
            new SllConv2d(3, 2, 1, Activation.Tanh),
            new AolConv2d(3, 1, 1, Activation.Identity),
            new Flatten(),
            new SllLinear(63, 16, Activation.Sigmoid),
            new AolLinear(63, 5, Activation.Identity),
            new LipschitzScale(2.0));
    }

    /// <summary>Row <paramref name="row"/> of a float32 batch as a flat array.</summary>
    public static float[] Row(Tensor batch, long row)
    {
        using var sample = batch[row].flatten().contiguous();
        return sample.data<float>().ToArray();
    }

    /// <summary>
    /// The runtime's float64 certified radius of each row without slack: min over i != y of (z_y - z_i) / b_i,
    /// b_i = min(sqrt(2) L, L_pen ||w_y - w_i||) from <see cref="GlobalCertificate.PairBounds"/> at eps = 1; 0 when negative.
    /// </summary>
    public static double[] RuntimeRadii(Tensor logits64, double bound, LastAffine? last)
    {
        using var scope = NewDisposeScope();
        var predicted = logits64.argmax(1);
        var margins = logits64.gather(1, predicted.unsqueeze(1)) - logits64;
        var pairs = GlobalCertificate.PairBounds(predicted, logits64.shape[1], bound, 1.0, last);
        var ratio = margins / pairs;
        var isPredicted = nn.functional.one_hot(predicted, logits64.shape[1]).to_type(ScalarType.Bool);
        var radii = ratio.masked_fill(isPredicted, double.PositiveInfinity).min(1).values.clamp_min(0);
        return radii.data<double>().ToArray();
    }

    /// <summary>Largest |a - b| over max(1, max |b|).</summary>
    public static double RelativeDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var (difference, scale) = (0.0, 1.0);
        for (var i = 0; i < a.Length; i++)
        {
            difference = Math.Max(difference, Math.Abs(a[i] - b[i]));
            scale = Math.Max(scale, Math.Abs(b[i]));
        }

        return difference / scale;
    }
}
