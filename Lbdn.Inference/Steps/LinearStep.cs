using System.Numerics.Tensors;

namespace Lbdn.Inference.Steps;

/// <summary>y = W x + b with W [out, in] row-major.</summary>
internal sealed class LinearStep : IInferenceStep
{
    private readonly double[] weight;
    private readonly double[]? bias;
    private readonly double frobenius;
    private readonly double biasNorm;

    public LinearStep(double[] weight, double[]? bias, int outputs, int inputs)
    {
        this.weight = weight;
        this.bias = bias;
        InputSize = inputs;
        OutputSize = outputs;
        frobenius = TensorPrimitives.Norm<double>(weight) * (1 + Rounding.Gamma(weight.Length + 1));
        biasNorm = bias is null ? 0 : TensorPrimitives.Norm<double>(bias) * (1 + Rounding.Gamma(bias.Length + 1));
        Lipschitz = Math.Min(frobenius, Math.Sqrt(MaxAbsRowSum(weight, outputs, inputs) * MaxAbsColumnSum(weight, outputs, inputs)));
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    /// <summary>min(||W||_F, sqrt(||W||_1 ||W||_inf)), both upper bounds on the spectral norm.</summary>
    public double Lipschitz { get; }

    public void Forward(ReadOnlySpan<double> input, Span<double> output)
    {
        for (var j = 0; j < OutputSize; j++)
        {
            var row = weight.AsSpan(j * InputSize, InputSize);
            output[j] = TensorPrimitives.Dot(row, input) + (bias is null ? 0 : bias[j]);
        }
    }

    /// <summary>|fl(W x + b) - (W x + b)| &lt;= gamma_{n+1} (|W| |x| + |b|) elementwise, so in l2 &lt;= gamma_{n+1} (||W||_F ||x|| + ||b||).</summary>
    public double RoundingError(double inputNorm, double outputNorm) => Rounding.Gamma(InputSize + 1) * ((frobenius * inputNorm) + biasNorm);

    private static double MaxAbsRowSum(double[] w, int rows, int columns)
    {
        var max = 0.0;
        for (var j = 0; j < rows; j++)
        {
            max = Math.Max(max, TensorPrimitives.SumOfMagnitudes<double>(w.AsSpan(j * columns, columns)));
        }

        return max * (1 + Rounding.Gamma(columns));
    }

    private static double MaxAbsColumnSum(double[] w, int rows, int columns)
    {
        var sums = new double[columns];
        for (var j = 0; j < rows; j++)
        {
            for (var i = 0; i < columns; i++)
            {
                sums[i] += Math.Abs(w[(j * columns) + i]);
            }
        }

        return TensorPrimitives.Max<double>(sums) * (1 + Rounding.Gamma(rows));
    }
}
