namespace Lbdn.Onnx.Steps;

/// <summary>
/// The 2-D real DFT of n x n images and its inverse as explicit real matrices, the exact linear maps that rfft2 and
/// irfft2 compute. Frequencies f = p (n/2 + 1) + q (p in [0, n), q in [0, n/2]) are ordered as in Lbdn's Fourier
/// convolutions; a spectrum is F real parts followed by F imaginary parts, F = n (n/2 + 1).
/// </summary>
internal static class RealDft
{
    /// <summary>
    /// rfft2 as a [n^2, 2F] matrix D (spectrum = image D): X(p, q) = sum_(a, b) x(a, b) exp(-i 2 pi (p a + q b) / n),
    /// so D[(a, b), f] = cos(theta) and D[(a, b), F + f] = -sin(theta), theta = 2 pi ((p a + q b) mod n) / n.
    /// </summary>
    public static double[] Forward(long n)
    {
        var (pixels, frequencies) = (n * n, Frequencies(n));
        var matrix = new double[pixels * 2 * frequencies];
        foreach (var (pixel, a, b) in Pixels(n))
        {
            foreach (var (f, p, q) in Spectrum(n))
            {
                var theta = Angle((p * a) + (q * b), n);
                matrix[(pixel * 2 * frequencies) + f] = Math.Cos(theta);
                matrix[(pixel * 2 * frequencies) + frequencies + f] = -Math.Sin(theta);
            }
        }

        return matrix;
    }

    /// <summary>
    /// irfft2 as a [2F, n^2] matrix E (image = spectrum E): x(m, b) = (1/n^2) sum_(p, q) w_q Re(X(p, q) exp(i 2 pi (p m + q b) / n)),
    /// w_q = 1 for q = 0 and q = n/2, 2 otherwise (the half spectrum's mirrored columns); the imaginary parts of the q = 0 and
    /// q = n/2 columns enter exactly as in irfft2, which takes the real part after the inverse transform over p.
    /// </summary>
    public static double[] Inverse(long n)
    {
        var (pixels, frequencies) = (n * n, Frequencies(n));
        var matrix = new double[2 * frequencies * pixels];
        foreach (var (f, p, q) in Spectrum(n))
        {
            var weight = (q == 0 || 2 * q == n ? 1.0 : 2.0) / pixels;
            foreach (var (pixel, m, b) in Pixels(n))
            {
                var phi = Angle((p * m) + (q * b), n);
                matrix[(f * pixels) + pixel] = weight * Math.Cos(phi);
                matrix[((frequencies + f) * pixels) + pixel] = -weight * Math.Sin(phi);
            }
        }

        return matrix;
    }

    /// <summary>F = n (n/2 + 1).</summary>
    public static long Frequencies(long n) => n * ((n / 2) + 1);

    // 2 pi (k mod n) / n, reduced first so the angle is exact to one rounding.
    private static double Angle(long k, long n) => 2 * Math.PI * (k % n) / n;

    private static IEnumerable<(long Pixel, long Row, long Column)> Pixels(long n)
    {
        for (long row = 0; row < n; row++)
        {
            for (long column = 0; column < n; column++)
            {
                yield return ((row * n) + column, row, column);
            }
        }
    }

    private static IEnumerable<(long Frequency, long P, long Q)> Spectrum(long n)
    {
        var columns = (n / 2) + 1;
        for (long p = 0; p < n; p++)
        {
            for (long q = 0; q < columns; q++)
            {
                yield return ((p * columns) + q, p, q);
            }
        }
    }
}
