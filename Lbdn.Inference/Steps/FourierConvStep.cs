using System.Buffers;
using System.Numerics;

namespace Lbdn.Inference.Steps;

/// <summary>Circular convolution y = irfft2(M(f) rfft2(x)(f)) + b on [in, n, n] images, M(f) [out, in] per frequency f.</summary>
internal sealed class FourierConvStep : IInferenceStep
{
    private readonly Complex[] matrices;
    private readonly double[]? bias;
    private readonly int size;
    private readonly int inputs;
    private readonly int outputs;
    private readonly int frequencies;

    /// <summary>Takes <paramref name="matrices"/> [n (n/2 + 1), out, in] and the optional per-channel <paramref name="bias"/>.</summary>
    public FourierConvStep(Complex[] matrices, double[]? bias, int size, int outputs, int inputs)
    {
        this.matrices = matrices;
        this.bias = bias;
        this.size = size;
        this.inputs = inputs;
        this.outputs = outputs;
        frequencies = size * Fourier2D.Columns(size);
        InputSize = inputs * size * size;
        OutputSize = outputs * size * size;
        Lipschitz = MaxFrobenius();
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    /// <summary>max_f ||M(f)||_F: the convolution's spectral norm is max_f ||M(f)||_2.</summary>
    public double Lipschitz { get; }

    public void Forward(ReadOnlySpan<double> input, Span<double> output)
    {
        var plane = size * size;
        var spectra = ArrayPool<Complex>.Shared.Rent((inputs + outputs) * frequencies);
        try
        {
            var x = spectra.AsSpan(0, inputs * frequencies);
            var y = spectra.AsSpan(inputs * frequencies, outputs * frequencies);
            for (var c = 0; c < inputs; c++)
            {
                Fourier2D.Forward(input.Slice(c * plane, plane), size, x.Slice(c * frequencies, frequencies));
            }

            Multiply(x, y);
            for (var o = 0; o < outputs; o++)
            {
                var image = output.Slice(o * plane, plane);
                Fourier2D.Inverse(y.Slice(o * frequencies, frequencies), size, image);
                if (bias is not null)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(image, bias[o], image);
                }
            }
        }
        finally
        {
            ArrayPool<Complex>.Shared.Return(spectra);
        }
    }

    /// <summary>
    /// Two 2-D transforms (each two passes of 1-D transforms, relative error <see cref="Fourier2D.TransformError"/> per pass),
    /// the per-frequency products (gamma_in) and the bias (u per element): ((1 + t)^4 (1 + gamma_{2 in + 2}) - 1) Lip ||x|| + u ||y||.
    /// </summary>
    public double RoundingError(double inputNorm, double outputNorm)
    {
        var t = Fourier2D.TransformError(size);
        var relative = (Math.Pow(1 + t, 4) * (1 + Rounding.Gamma((2 * inputs) + 2))) - 1;
        return (relative * Lipschitz * inputNorm) + (Rounding.Unit * outputNorm);
    }

    // Y(f) = M(f) X(f), channel-major spectra.
    private void Multiply(ReadOnlySpan<Complex> x, Span<Complex> y)
    {
        for (var f = 0; f < frequencies; f++)
        {
            var m = matrices.AsSpan(f * outputs * inputs, outputs * inputs);
            for (var o = 0; o < outputs; o++)
            {
                var sum = Complex.Zero;
                for (var i = 0; i < inputs; i++)
                {
                    sum += m[(o * inputs) + i] * x[(i * frequencies) + f];
                }

                y[(o * frequencies) + f] = sum;
            }
        }
    }

    private double MaxFrobenius()
    {
        var max = 0.0;
        for (var f = 0; f < frequencies; f++)
        {
            var squares = 0.0;
            foreach (var m in matrices.AsSpan(f * outputs * inputs, outputs * inputs))
            {
                squares += (m.Real * m.Real) + (m.Imaginary * m.Imaginary);
            }

            max = Math.Max(max, Math.Sqrt(squares));
        }

        return max * (1 + Rounding.Gamma((2 * outputs * inputs) + 2));
    }
}
