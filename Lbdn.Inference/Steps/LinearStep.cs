using System.Numerics;
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

    /// <summary>
    /// Four samples at a time: each row of W is read once for four dot products, which quarters the memory traffic of W
    /// (TensorPrimitives has no multi-vector dot product); the rest one at a time.
    /// </summary>
    public void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> outputs, int count)
    {
        var s = 0;
        for (; s + 4 <= count; s += 4)
        {
            ForwardFour(inputs.Slice(s * InputSize, 4 * InputSize), outputs.Slice(s * OutputSize, 4 * OutputSize));
        }

        for (; s < count; s++)
        {
            Forward(inputs.Slice(s * InputSize, InputSize), outputs.Slice(s * OutputSize, OutputSize));
        }
    }

    /// <summary>|fl(W x + b) - (W x + b)| &lt;= gamma_{n+1} (|W| |x| + |b|) elementwise, so in l2 &lt;= gamma_{n+1} (||W||_F ||x|| + ||b||).</summary>
    public double RoundingError(double inputNorm, double outputNorm) => Rounding.Gamma(InputSize + 1) * ((frobenius * inputNorm) + biasNorm);

    // y_s[j] = w_j . x_s + b_j for s = 0..3, sharing each load of w_j.
    private void ForwardFour(ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        var n = InputSize;
        var width = Vector<double>.Count;
        var x0 = inputs[..n];
        var x1 = inputs.Slice(n, n);
        var x2 = inputs.Slice(2 * n, n);
        var x3 = inputs.Slice(3 * n, n);
        for (var j = 0; j < OutputSize; j++)
        {
            var w = weight.AsSpan(j * n, n);
            var (a0, a1, a2, a3) = (Vector<double>.Zero, Vector<double>.Zero, Vector<double>.Zero, Vector<double>.Zero);
            var i = 0;
            for (; i + width <= n; i += width)
            {
                var wv = new Vector<double>(w[i..]);
                a0 = Vector.FusedMultiplyAdd(wv, new Vector<double>(x0[i..]), a0);
                a1 = Vector.FusedMultiplyAdd(wv, new Vector<double>(x1[i..]), a1);
                a2 = Vector.FusedMultiplyAdd(wv, new Vector<double>(x2[i..]), a2);
                a3 = Vector.FusedMultiplyAdd(wv, new Vector<double>(x3[i..]), a3);
            }

            var (s0, s1, s2, s3) = (Vector.Sum(a0), Vector.Sum(a1), Vector.Sum(a2), Vector.Sum(a3));
            for (; i < n; i++)
            {
                (s0, s1, s2, s3) = (s0 + (w[i] * x0[i]), s1 + (w[i] * x1[i]), s2 + (w[i] * x2[i]), s3 + (w[i] * x3[i]));
            }

            var b = bias is null ? 0 : bias[j];
            outputs[j] = s0 + b;
            outputs[OutputSize + j] = s1 + b;
            outputs[(2 * OutputSize) + j] = s2 + b;
            outputs[(3 * OutputSize) + j] = s3 + b;
        }
    }

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
