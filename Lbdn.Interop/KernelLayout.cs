using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>The parameter re-arrangements shared by the mappings (each its own inverse, or paired with its inverse).</summary>
internal static class KernelLayout
{
    /// <summary>
    /// [W1 | W2] -&gt; [W1^T | W2] with W1 the first <paramref name="m"/> columns: the reference's Cayley transform works on the
    /// tall transpose, so its W1 is Lbdn's transposed. Its own inverse.
    /// </summary>
    public static Tensor TransposeFirstBlock(Tensor weight, long m) =>
        cat([weight.narrow(1, 0, m).mT, weight.narrow(1, m, weight.shape[1] - m)], 1).contiguous();

    /// <summary>
    /// The conv form of <see cref="TransposeFirstBlock"/>: the first <paramref name="m"/> input channels of the kernel swap their
    /// channel axes and rotate their taps by 180 degrees, which is W1(f)^H at every frequency. Its own inverse.
    /// </summary>
    public static Tensor AdjointFirstBlock(Tensor kernel, long m) =>
        cat([Adjoint(kernel.narrow(1, 0, m)), kernel.narrow(1, m, kernel.shape[1] - m)], 1).contiguous();

    /// <summary>A kernel [a, b, k, k] -&gt; [b, a, k, k] with its taps rotated by 180 degrees: K(f)^H at every frequency.</summary>
    public static Tensor Adjoint(Tensor kernel) => kernel.permute(1, 0, 2, 3).flip(2, 3);

    /// <summary>
    /// The reference's even, uncentred k x k kernel (taps at offsets 0 .. k-1, shift (k - 1) / 2 rounded down) as Lbdn's centred
    /// (k + 1) x (k + 1) kernel: a zero first row and column. Odd kernels are returned unchanged.
    /// </summary>
    public static Tensor Centre(Tensor kernel) =>
        kernel.shape[^1] % 2 == 0 ? nn.functional.pad(kernel, [1, 0, 1, 0]) : kernel;

    /// <summary>The inverse of <see cref="Centre"/> onto a <paramref name="size"/> x <paramref name="size"/> reference kernel; null when the dropped row or column is not zero.</summary>
    public static Tensor? Uncentre(Tensor kernel, long size)
    {
        if (kernel.shape[^1] == size)
        {
            return kernel;
        }

        var dropped = kernel.narrow(2, 0, 1).abs().max().ToDouble() + kernel.narrow(3, 0, 1).abs().max().ToDouble();
        return dropped == 0 ? kernel.narrow(2, 1, size).narrow(3, 1, size).contiguous() : null;
    }

    /// <summary>The kernel size the reference uses: k, or max(1, k // 2) after its space-to-depth at stride 2.</summary>
    public static long ReferenceKernel(long kernel, long stride) => stride == 2 ? Math.Max(1, kernel / 2) : kernel;
}
