using System.Numerics.Tensors;

namespace Lbdn.Inference.Steps;

/// <summary>
/// Zero-padded stride-1 convolution y = conv(x, K) + b on [in, h, w] images, K [out, in, k, k] with k odd and padding
/// p = (k - 1) / 2, as torch's conv2d defines it: y[o, i, j] = b[o] + sum_{c, a, b'} K[o, c, a, b'] x[c, i + a - p, j + b' - p].
/// </summary>
internal sealed class ConvStep : IInferenceStep
{
    private readonly double[] kernel;
    private readonly double[]? bias;
    private readonly int outputs;
    private readonly int inputs;
    private readonly int size;
    private readonly int height;
    private readonly int width;
    private readonly double biasNorm;

    /// <summary>Takes <paramref name="kernel"/> [out, in, k, k] row-major and the optional per-channel <paramref name="bias"/>.</summary>
    public ConvStep(double[] kernel, double[]? bias, int outputs, int inputs, int size, int height, int width)
    {
        this.kernel = kernel;
        this.bias = bias;
        this.outputs = outputs;
        this.inputs = inputs;
        this.size = size;
        this.height = height;
        this.width = width;
        InputSize = inputs * height * width;
        OutputSize = outputs * height * width;
        biasNorm = bias is null ? 0 : TensorPrimitives.Norm<double>(bias) * Math.Sqrt(height * width) * (1 + Rounding.Gamma(bias.Length + 2));
        Lipschitz = Math.Min(RowColumnBound(), TapBound());
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    /// <summary>
    /// min(sqrt(||C||_1 ||C||_inf), sum over taps of ||K[:, :, a, b]||_F) for the zero-padded convolution matrix C: a row of C
    /// holds at most the taps of one output channel, a column at most those of one input channel, and each tap is a block
    /// matrix applied to a shifted, truncated image. Both bounds are the same for |K|.
    /// </summary>
    public double Lipschitz { get; }

    public void Forward(ReadOnlySpan<double> input, Span<double> output)
    {
        var (plane, padding) = (height * width, size / 2);
        for (var o = 0; o < outputs; o++)
        {
            var target = output.Slice(o * plane, plane);
            target.Fill(bias is null ? 0 : bias[o]);
            for (var c = 0; c < inputs; c++)
            {
                var source = input.Slice(c * plane, plane);
                for (var a = 0; a < size; a++)
                {
                    for (var b = 0; b < size; b++)
                    {
                        var w = kernel[(((((o * inputs) + c) * size) + a) * size) + b];
                        if (w != 0)
                        {
                            AddTap(source, w, a - padding, b - padding, target);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Each output is b plus at most in k^2 products: |fl(y) - y| &lt;= gamma_{in k^2 + 1} (conv(|x|, |K|) + |b|) elementwise,
    /// so in l2 &lt;= gamma_{in k^2 + 1} (Lip ||x|| + ||b|| sqrt(h w)).
    /// </summary>
    public double RoundingError(double inputNorm, double outputNorm) =>
        Rounding.Gamma((inputs * size * size) + 1) * ((Lipschitz * inputNorm) + biasNorm);

    // y[i, j] += w x[i + dy, j + dx] wherever both lie in the image.
    private void AddTap(ReadOnlySpan<double> source, double w, int dy, int dx, Span<double> target)
    {
        var (firstRow, lastRow) = (Math.Max(0, -dy), Math.Min(height, height - dy));
        var (firstColumn, lastColumn) = (Math.Max(0, -dx), Math.Min(width, width - dx));
        var columns = lastColumn - firstColumn;
        for (var i = firstRow; i < lastRow && columns > 0; i++)
        {
            var row = target.Slice((i * width) + firstColumn, columns);
            TensorPrimitives.MultiplyAdd(source.Slice(((i + dy) * width) + firstColumn + dx, columns), w, row, row);
        }
    }

    private double RowColumnBound()
    {
        var taps = size * size;
        var rows = new double[outputs];
        var columns = new double[inputs];
        for (var o = 0; o < outputs; o++)
        {
            for (var c = 0; c < inputs; c++)
            {
                var block = TensorPrimitives.SumOfMagnitudes<double>(kernel.AsSpan(((o * inputs) + c) * taps, taps));
                rows[o] += block;
                columns[c] += block;
            }
        }

        var inflation = 1 + Rounding.Gamma((outputs + inputs) * taps);
        return Math.Sqrt(TensorPrimitives.Max<double>(rows) * TensorPrimitives.Max<double>(columns)) * inflation * inflation;
    }

    private double TapBound()
    {
        var taps = size * size;
        var squares = new double[taps];
        for (var index = 0; index < kernel.Length; index++)
        {
            squares[index % taps] += kernel[index] * kernel[index];
        }

        var sum = 0.0;
        foreach (var square in squares)
        {
            sum += Math.Sqrt(square);
        }

        return sum * (1 + Rounding.Gamma(kernel.Length + taps + 2));
    }
}
