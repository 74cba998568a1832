using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// Circular convolution in the 2-D Fourier domain: one complex matrix per frequency of the n x (n/2 + 1) half spectrum,
/// shared by the live and the frozen convolution layers.
/// </summary>
public static class Fourier
{
    /// <summary>The half spectrum of [batch, c, n, n] images, frequency-major: [n (n/2 + 1), c, batch].</summary>
    public static Tensor Spectrum(Tensor images)
    {
        var spectrum = fft.rfft2(images);
        var (batch, channels, rows, columns) = (spectrum.shape[0], spectrum.shape[1], spectrum.shape[2], spectrum.shape[3]);
        return spectrum.permute(2, 3, 1, 0).reshape(rows * columns, channels, batch);
    }

    /// <summary>The inverse of <see cref="Spectrum"/>: [n (n/2 + 1), c, batch] back to real [batch, c, n, n].</summary>
    public static Tensor Images(Tensor spectrum, long size)
    {
        var columns = (size / 2) + 1;
        var (channels, batch) = (spectrum.shape[1], spectrum.shape[2]);
        var grid = spectrum.reshape(size, columns, channels, batch).permute(3, 2, 0, 1);
        return fft.irfft2(grid, s: [size, size]);
    }

    /// <summary>
    /// Per-frequency matrices [n (n/2 + 1), out, in] of the circular cross-correlation with a centred k x k kernel
    /// (what conv2d with circular padding (k - 1)/2 computes): K(f) = conj(rfft2(w)(f)) exp(-i 2 pi s (p + q) / n), s = (k - 1)/2.
    /// </summary>
    public static Tensor KernelSpectrum(Tensor kernel, long size)
    {
        var (outChannels, inChannels, k) = (kernel.shape[0], kernel.shape[1], kernel.shape[2]);
        if (kernel.shape[3] != k || k % 2 == 0 || k > size)
        {
            throw new ArgumentException(
                $"Fourier convolutions need an odd square kernel no larger than the image ({size}), got [{string.Join(", ", kernel.shape)}].", nameof(kernel));
        }

        var columns = (size / 2) + 1;
        var spectrum = fft.rfft2(kernel, s: [size, size]).conj();
        var frequencies = spectrum.permute(2, 3, 0, 1).reshape(size * columns, outChannels, inChannels);
        return frequencies * Shift(size, (k - 1) / 2, kernel.dtype, kernel.device);
    }

    /// <summary>Applies per-frequency matrices [F, out, in] to [batch, in, n, n] images: irfft2(M(f) rfft2(x)(f)).</summary>
    public static Tensor Apply(Tensor matrices, Tensor images)
    {
        using var scope = NewDisposeScope();
        var output = Images(matrices.matmul(Spectrum(images)), images.shape[^1]);
        return output.MoveToOuterDisposeScope();
    }

    // exp(-i 2 pi s (p + q) / n) over p in [0, n), q in [0, n/2], shaped [F, 1, 1].
    private static Tensor Shift(long size, long s, ScalarType dtype, Device device)
    {
        var columns = (size / 2) + 1;
        var p = arange(size, dtype: dtype, device: device).unsqueeze(1);
        var q = arange(columns, dtype: dtype, device: device).unsqueeze(0);
        var angle = (p + q) * (-2 * Math.PI * s / size);
        return polar(ones_like(angle), angle).reshape(size * columns, 1, 1);
    }
}
