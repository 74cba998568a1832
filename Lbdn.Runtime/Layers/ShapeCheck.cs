using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>Input shape checks that name the layer, the expected and the actual shape.</summary>
internal static class ShapeCheck
{
    public static void Features(Tensor input, long features, string layer)
    {
        if (input.dim() < 1 || input.shape[^1] != features)
        {
            throw new ArgumentException(
                $"{layer} expects input of shape [batch, {features}], got [{string.Join(", ", input.shape)}]. " +
                "Check the preceding layer's output width (add a Flatten after convolutions).");
        }
    }

    public static void Image(Tensor input, long channels, long size, string layer)
    {
        if (input.dim() != 4 || input.shape[1] != channels || input.shape[2] != size || input.shape[3] != size)
        {
            throw new ArgumentException(
                $"{layer} expects input of shape [batch, {channels}, {size}, {size}], got [{string.Join(", ", input.shape)}].");
        }
    }
}
