namespace Lbdn.Inference.Steps;

/// <summary>Non-overlapping k x k average pooling of [c, h, w] to [c, h/k, w/k]; l2 bound 1/k.</summary>
internal sealed class AvgPoolStep(int channels, int height, int width, int kernel) : IInferenceStep
{
    public int InputSize => channels * height * width;

    public int OutputSize => channels * (height / kernel) * (width / kernel);

    public double Lipschitz => 1.0 / kernel;

    // y[c, i, j] = (1/k^2) sum_{a, b < k} x[c, k i + a, k j + b]
    public void Forward(ReadOnlySpan<double> input, Span<double> output)
    {
        var (rows, columns) = (height / kernel, width / kernel);
        var scale = 1.0 / (kernel * kernel);
        for (var c = 0; c < channels; c++)
        {
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < columns; j++)
                {
                    var sum = 0.0;
                    for (var a = 0; a < kernel; a++)
                    {
                        for (var b = 0; b < kernel; b++)
                        {
                            sum += input[(((c * height) + (kernel * i) + a) * width) + (kernel * j) + b];
                        }
                    }

                    output[(((c * rows) + i) * columns) + j] = sum * scale;
                }
            }
        }
    }

    /// <summary>k^2 additions and a multiplication by the rounded 1/k^2 per output: gamma_{k^2 + 2} times sum |x| / k^2 per window, at most gamma_{k^2 + 2} ||x|| / k in l2.</summary>
    public double RoundingError(double inputNorm, double outputNorm) => Rounding.Gamma((kernel * kernel) + 2) * inputNorm / kernel;
}
