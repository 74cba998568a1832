using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>What the conv mappings share: the stride keyword, the lazily created alpha and the even-kernel export check.</summary>
internal static class ConvOptions
{
    /// <summary>The reference constructor's keyword arguments: <c>stride=2</c> or none.</summary>
    public static IReadOnlyDictionary<string, object> Of(long stride) =>
        stride == 2 ? new Dictionary<string, object> { ["stride"] = 2L } : new Dictionary<string, object>();

    /// <summary>
    /// The checkpoint's <c>alpha</c>, or the value the reference gives it on its first forward pass when absent:
    /// ||K||_F over the shifted kernel spectrum, which the mapping leaves unchanged (so it is computed on Lbdn's kernel).
    /// </summary>
    public static Tensor Alpha(IReadOnlyDictionary<string, Tensor> reference, Tensor kernel, long workingSize)
    {
        if (reference.TryGetValue("alpha", out var alpha))
        {
            return alpha.reshape([]);
        }

        using var _ = no_grad();
        return Fourier.KernelSpectrum(kernel, workingSize).abs().square().sum().sqrt();
    }

    /// <summary>Lbdn's centred kernel as the reference's (even at stride 2 with k = 5, 9, ...); throws when it does not fit.</summary>
    public static Tensor Uncentre(Tensor kernel, long declaredKernel, long stride, string layer) =>
        KernelLayout.Uncentre(kernel, KernelLayout.ReferenceKernel(declaredKernel, stride))
        ?? throw new ReferenceCheckpointException(
            $"{layer} (kernel {declaredKernel}, stride {stride}) uses taps the reference's {KernelLayout.ReferenceKernel(declaredKernel, stride)}-tap kernel cannot hold (first row or column non-zero); export needs a kernel of 3, 7, 11, ... at stride 2.");
}
