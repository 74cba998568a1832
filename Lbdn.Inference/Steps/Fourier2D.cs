using System.Buffers;
using System.Numerics;

namespace Lbdn.Inference.Steps;

/// <summary>
/// The 2-D real transforms of n x n images as torch.fft.rfft2 / irfft2 define them, built from FftSharp's 1-D transforms
/// (radix-2 FFT for powers of two, Bluestein otherwise). Half spectra are [n, n/2 + 1] row-major.
/// </summary>
internal static class Fourier2D
{
    /// <summary>Columns of the half spectrum, n/2 + 1.</summary>
    public static int Columns(int n) => (n / 2) + 1;

    /// <summary>
    /// A bound on the relative l2 error of one float64 1-D transform of length n: (log2 of the padded length + 2) times
    /// 50 u; the a-priori bound for radix-2 FFTs (Higham, Thm. 24.2) is about 5 u log2 n, and Bluestein applies three
    /// FFTs of the padded length 2^ceil(log2(2n - 1)) and two chirp products, which the factor 50 covers.
    /// </summary>
    public static double TransformError(int n) => 50 * Rounding.Unit * (Math.Ceiling(Math.Log2(4.0 * n)) + 2);

    /// <summary>X = rfft2(x): rows then columns, unnormalised.</summary>
    public static void Forward(ReadOnlySpan<double> image, int n, Span<Complex> half)
    {
        var columns = Columns(n);
        var line = ArrayPool<Complex>.Shared.Rent(n);
        try
        {
            var buffer = line.AsSpan(0, n);
            for (var p = 0; p < n; p++)
            {
                for (var q = 0; q < n; q++)
                {
                    buffer[q] = image[(p * n) + q];
                }

                Transform(line, n, inverse: false);
                buffer[..columns].CopyTo(half.Slice(p * columns, columns));
            }

            for (var q = 0; q < columns; q++)
            {
                for (var p = 0; p < n; p++)
                {
                    buffer[p] = half[(p * columns) + q];
                }

                Transform(line, n, inverse: false);
                for (var p = 0; p < n; p++)
                {
                    half[(p * columns) + q] = buffer[p];
                }
            }
        }
        finally
        {
            ArrayPool<Complex>.Shared.Return(line);
        }
    }

    /// <summary>
    /// x = irfft2(X): inverse along columns, then along rows with X[n - q] = conj(X[q]), real part (which drops the imaginary
    /// parts of the zero and Nyquist columns, as irfft does); normalised by 1/n^2. Overwrites <paramref name="half"/>.
    /// </summary>
    public static void Inverse(Span<Complex> half, int n, Span<double> image)
    {
        var columns = Columns(n);
        var line = ArrayPool<Complex>.Shared.Rent(n);
        try
        {
            var buffer = line.AsSpan(0, n);
            for (var q = 0; q < columns; q++)
            {
                for (var p = 0; p < n; p++)
                {
                    buffer[p] = half[(p * columns) + q];
                }

                Transform(line, n, inverse: true);
                for (var p = 0; p < n; p++)
                {
                    half[(p * columns) + q] = buffer[p];
                }
            }

            for (var p = 0; p < n; p++)
            {
                var row = half.Slice(p * columns, columns);
                for (var q = 0; q < n; q++)
                {
                    buffer[q] = q < columns ? row[q] : Complex.Conjugate(row[n - q]);
                }

                Transform(line, n, inverse: true);
                for (var q = 0; q < n; q++)
                {
                    image[(p * n) + q] = buffer[q].Real;
                }
            }
        }
        finally
        {
            ArrayPool<Complex>.Shared.Return(line);
        }
    }

    // Unnormalised DFT in place; the inverse as conj(DFT(conj(x))) / n.
    private static void Transform(Complex[] line, int n, bool inverse)
    {
        var data = line.AsSpan(0, n);
        if (inverse)
        {
            Conjugate(data);
        }

        if (BitOperations.IsPow2(n))
        {
            FftSharp.FFT.Forward(data);
        }
        else
        {
            // Bluestein transforms an array of exactly n elements in place (and allocates its own chirp buffers).
            var exact = data.ToArray();
            FftSharp.Bluestein.Forward(exact);
            exact.CopyTo(data);
        }

        if (inverse)
        {
            Conjugate(data);
            for (var i = 0; i < n; i++)
            {
                data[i] /= n;
            }
        }
    }

    private static void Conjugate(Span<Complex> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = Complex.Conjugate(data[i]);
        }
    }
}
