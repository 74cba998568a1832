namespace Lbdn;

/// <summary>
/// The almost-orthogonal convolution (Prach and Lampert 2022): a zero-padded stride-1 convolution with its input channels
/// rescaled by the kernel's self-correlation, followed by its activation; keeps height and width; bound 1.
/// </summary>
/// <param name="channels">Output channels.</param>
public sealed class AolConvAttribute(int channels) : LipschitzLayerAttribute
{
    /// <summary>Output channels.</summary>
    public int Channels { get; } = channels;

    /// <summary>Odd kernel size; 3 by default.</summary>
    public int Kernel { get; set; } = DefaultKernel;

    /// <summary>The kernel when none is written.</summary>
    public const int DefaultKernel = 3;

    /// <summary>ReLU by default; any 1-Lipschitz activation is allowed.</summary>
    public Activation Activation { get; set; } = DefaultActivation;

    /// <summary>The activation when none is written.</summary>
    public const Activation DefaultActivation = Activation.ReLU;
}
