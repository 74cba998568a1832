using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>Argument and input checks of the zero-padded stride-1 convolutions (AOL and SLL), which accept any image size.</summary>
internal static class ZeroPaddedConv
{
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
