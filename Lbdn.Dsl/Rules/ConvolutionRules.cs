namespace Lbdn.Rules;

/// <summary>
/// Where a circular Fourier convolution runs, and which arguments it accepts; the one statement of these rules, called by
/// the generator's verification and by the runtime layers' constructors. Stride 1 runs on the input; stride 2 runs after
/// space-to-depth, on 4 c_in channels of (n/2) x (n/2) pixels, with the kernel shrunk to the largest odd size not above
/// ceil(k/2) (the paper's k/2 rounded down, kept odd so the kernel stays centred and every self-conjugate frequency gets
/// a real matrix).
/// </summary>
internal static class ConvolutionRules
{
    /// <summary>Whether <paramref name="stride"/> is supported: 1, or 2 (space-to-depth).</summary>
    public static bool IsValidStride(long stride) => stride is 1 or 2;

    /// <summary>Whether <paramref name="kernel"/> is odd and positive, so that it is centred.</summary>
    public static bool IsValidKernel(long kernel) => kernel > 0 && kernel % 2 != 0;

    /// <summary>Whether a square image of <paramref name="size"/> x <paramref name="size"/> has the even size the Fourier pipeline needs.</summary>
    public static bool IsValidSize(long size) => size > 0 && size % 2 == 0;

    /// <summary>Channels the convolution runs on: c_in, or 4 c_in after space-to-depth.</summary>
    public static long WorkingChannels(long inChannels, long stride) => stride == 2 ? 4 * inChannels : inChannels;

    /// <summary>Image size the convolution runs on: n / stride.</summary>
    public static long WorkingSize(long size, long stride) => size / stride;

    /// <summary>Kernel the convolution runs with: k, or with stride 2 the largest odd size not above ceil(k / 2), ((k + 1) / 2 - 1) | 1.</summary>
    public static long WorkingKernel(long kernel, long stride) => stride == 2 ? (((kernel + 1) / 2) - 1) | 1 : kernel;

    /// <summary>Whether the working kernel fits the working image.</summary>
    public static bool KernelFits(long kernel, long stride, long size) => WorkingKernel(kernel, stride) <= WorkingSize(size, stride);
}
