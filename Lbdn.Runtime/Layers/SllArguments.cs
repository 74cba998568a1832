namespace Lbdn.Layers;

/// <summary>The argument checks the SDP-based Lipschitz layers share.</summary>
internal static class SllArguments
{
    /// <summary>The SLL proof needs an elementwise activation with slopes in [0, 1]: MaxMin and GroupSort are refused.</summary>
    public static void Elementwise(Activation activation, string layer)
    {
        if (!LipschitzActivation.IsSlopeRestricted(activation))
        {
            throw new ArgumentException(
                $"{layer} needs an elementwise activation with slopes in [0, 1] (ReLU, Tanh, Sigmoid, LeakyReLU, Identity, ClippedReLU), got {activation}.",
                nameof(activation));
        }
    }
}
