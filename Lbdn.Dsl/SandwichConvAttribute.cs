namespace Lbdn;

/// <summary>A circular sandwich convolution computed in the Fourier domain; square inputs of even size.</summary>
/// <param name="channels">Output channels.</param>
public sealed class SandwichConvAttribute(int channels) : LipschitzLayerAttribute
{
    /// <summary>Output channels.</summary>
    public int Channels { get; } = channels;

    /// <summary>Odd kernel size; 3 by default.</summary>
    public int Kernel { get; set; } = DefaultKernel;

    /// <summary>1, or 2 (space-to-depth, then a stride-1 sandwich convolution).</summary>
    public int Stride { get; set; } = DefaultStride;

    /// <summary>The kernel size when none is written: 3.</summary>
    public const int DefaultKernel = 3;

    /// <summary>The stride when none is written: 1.</summary>
    public const int DefaultStride = 1;

    /// <summary>Elementwise activation with slope in [0, 1]; ReLU by default.</summary>
    public Activation Activation { get; set; } = DefaultActivation;

    /// <summary>The activation when none is written: ReLU.</summary>
    public const Activation DefaultActivation = Activation.ReLU;
}
