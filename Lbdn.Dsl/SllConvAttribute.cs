namespace Lbdn;

/// <summary>
/// The convolutional SDP-based Lipschitz residual layer (Araujo et al. 2023): x - 2 W T^-1 sigma(W^T x + b) with W^T a
/// zero-padded stride-1 convolution and T from the kernel's self-correlation; keeps the input shape; bound 1.
/// </summary>
/// <param name="inner">The number of neuron channels.</param>
public sealed class SllConvAttribute(int inner) : LipschitzLayerAttribute
{
    /// <summary>The number of neuron channels.</summary>
    public int Inner { get; } = inner;

    /// <summary>Odd kernel size; 3 by default.</summary>
    public int Kernel { get; set; } = DefaultKernel;

    /// <summary>The kernel when none is written.</summary>
    public const int DefaultKernel = 3;

    /// <summary>ReLU by default; any elementwise activation with slope in [0, 1] (not MaxMin or GroupSort).</summary>
    public Activation Activation { get; set; } = DefaultActivation;

    /// <summary>The activation when none is written.</summary>
    public const Activation DefaultActivation = Activation.ReLU;
}
