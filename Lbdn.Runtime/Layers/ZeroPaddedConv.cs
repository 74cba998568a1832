using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>The zero-padded stride-1 convolution of the AOL and SLL layers, which accept any image size, and its argument and input checks.</summary>
internal static class ZeroPaddedConv
{
    /// <summary>
    /// conv2d(x, K, b) with zero padding p and stride 1, computed as K[out, in k k] times unfold(x) (im2col): libtorch 2.10's
    /// float32 CPU conv2d backward returned input gradients off by most of their magnitude, sometimes NaN, on an AVX-512
    /// machine here (16 -&gt; 8 and 1 -&gt; 8 channels; its conv_transpose2d likewise), while unfold and matmul differentiate exactly.
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor kernel, Tensor? bias, long padding)
    {
        using var scope = NewDisposeScope();
        var (outputs, size) = (kernel.shape[0], kernel.shape[^1]);
        var (height, width) = (x.shape[2] + (2 * padding) - size + 1, x.shape[3] + (2 * padding) - size + 1);

        // y[n, o, l] = sum_{c, a, b} K[o, c, a, b] x_padded[n, c, l + (a, b)]
        var y = kernel.reshape(outputs, -1).matmul(nn.functional.unfold(x, size, padding: padding));
        if (bias is not null)
        {
            y = y + bias.unsqueeze(-1);
        }

        return y.reshape(x.shape[0], outputs, height, width).MoveToOuterDisposeScope();
    }

    public static void OddKernel(long kernelSize, string name)
    {
        if (kernelSize <= 0 || kernelSize % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(name, kernelSize, $"{name} must be odd and positive (the padding (k - 1) / 2 keeps the image size).");
        }
    }

    public static void Channels(Tensor input, long channels, string layer)
    {
        if (input.dim() != 4 || input.shape[1] != channels)
        {
            throw new ArgumentException(
                $"{layer} expects input of shape [batch, {channels}, height, width], got [{string.Join(", ", input.shape)}].");
        }
    }
}
