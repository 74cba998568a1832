namespace Lbdn;

/// <summary>A circular convolution with an orthogonal (per-frequency Cayley) operator, followed by its activation; bound 1.</summary>
/// <param name="channels">Output channels.</param>
public sealed class OrthogonalConvAttribute(int channels) : LipschitzLayerAttribute
{
    /// <summary>Output channels.</summary>
    public int Channels { get; } = channels;

    /// <summary>Odd kernel size; 3 by default.</summary>
    public int Kernel { get; set; } = DefaultKernel;

    /// <summary>1, or 2 (space-to-depth).</summary>
    public int Stride { get; set; } = DefaultStride;

    /// <summary>The kernel size when none is written: 3.</summary>
    public const int DefaultKernel = 3;

    /// <summary>The stride when none is written: 1.</summary>
    public const int DefaultStride = 1;

    /// <summary>MaxMin by default; any 1-Lipschitz activation is allowed.</summary>
    public Activation Activation { get; set; } = DefaultActivation;

    /// <summary>The activation when none is written: MaxMin.</summary>
    public const Activation DefaultActivation = Activation.MaxMin;
}
