using Lbdn.Inference.Steps;

namespace Lbdn.Tests.Inference;

/// <summary>
/// The a-priori rounding-error bounds of the zero-padded convolution and SLL steps hold: ||fl(step(x)) - step(x)|| against a
/// double-double evaluation of the same stored weights (error-free products and sums, about 106 bits), on inputs with
/// cancellation; the actual error is positive, so a bound of zero fails.
/// </summary>
public sealed class StepRoundingTests
{
    [Theory]
    [InlineData(3, 2, 1, 4, 5)]
    [InlineData(2, 3, 3, 6, 6)]
    [InlineData(4, 2, 5, 7, 5)]
    public void The_convolution_error_stays_below_its_bound(int outputs, int inputs, int size, int height, int width)
    {
        var random = new Random(outputs + (10 * size));
        var kernel = Values(random, outputs * inputs * size * size, 1.0);
        var bias = Values(random, outputs, 1.0);
        var step = new ConvStep(kernel, bias, outputs, inputs, size, height, width);
        var x = Values(random, inputs * height * width, 1e3);

        var exact = Convolve(kernel, bias, outputs, inputs, size, height, width, x.Select(v => (v, 0.0)).ToArray());
        AssertBounded(step, x, exact);
    }

    [Theory]
    [InlineData(false, 6, 9, 0, 0)]
    [InlineData(true, 3, 4, 3, 5)]
    [InlineData(true, 2, 3, 5, 4)]
    public void The_SLL_error_stays_below_its_bound(bool convolution, int features, int inner, int size, int side)
    {
        var random = new Random(features + inner);
        var positions = convolution ? side * side : 1;
        var (inSize, neurons) = (features * positions, inner * positions);
        var v = Values(random, inner * features * Math.Max(1, size * size), 1.0);
        var u = Values(random, inner * features * Math.Max(1, size * size), 1.0);
        var b = Values(random, inner, 1.0);
        IInferenceStep into = convolution ? new ConvStep(v, b, inner, features, size, side, side) : new LinearStep(v, b, inner, features);
        IInferenceStep back = convolution ? new ConvStep(u, null, features, inner, size, side, side) : new LinearStep(u, null, features, inner);
        var step = new SllStep(into, b, positions, new ActivationStep("ReLU", null, 1, inner, positions), back);
        var x = Values(random, inSize, 1e3);

        var input = x.Select(value => (value, 0.0)).ToArray();
        var z = convolution ? Convolve(v, b, inner, features, size, side, side, input) : Dense(v, b, inner, features, input);
        var s = z.Select(value => value.Hi > 0 || (value.Hi == 0 && value.Lo > 0) ? value : (0.0, 0.0)).ToArray();
        var r = convolution ? Convolve(u, null, features, inner, size, side, side, s) : Dense(u, null, features, inner, s);
        var exact = r.Select((value, i) => Add(value, (x[i], 0.0))).ToArray();
        Assert.Equal(neurons, z.Length);
        AssertBounded(step, x, exact);
    }

    private static void AssertBounded(IInferenceStep step, double[] x, (double Hi, double Lo)[] exact)
    {
        var y = new double[step.OutputSize];
        step.Forward(x, y);
        var error = Math.Sqrt(y.Select((value, i) => Math.Pow(value - exact[i].Hi - exact[i].Lo, 2)).Sum());
        var bound = step.RoundingError(Norm(x), Norm(y));
        Assert.True(error > 0, "the evaluation is exact: the check says nothing");
        Assert.True(error <= bound, $"rounding error {error:E3} above the bound {bound:E3}");
    }

    // y[o, i, j] = b_o + sum K[o, c, a, b'] x[c, i + a - p, j + b' - p] in double-double.
    private static (double Hi, double Lo)[] Convolve(double[] k, double[]? bias, int outputs, int inputs, int size, int height, int width, (double Hi, double Lo)[] x)
    {
        var y = new (double Hi, double Lo)[outputs * height * width];
        var p = size / 2;
        for (var o = 0; o < outputs; o++)
        {
            for (var i = 0; i < height; i++)
            {
                for (var j = 0; j < width; j++)
                {
                    var sum = (bias?[o] ?? 0.0, 0.0);
                    for (var c = 0; c < inputs; c++)
                    {
                        for (var a = 0; a < size; a++)
                        {
                            for (var b = 0; b < size; b++)
                            {
                                var (row, column) = (i + a - p, j + b - p);
                                if (row >= 0 && row < height && column >= 0 && column < width)
                                {
                                    sum = MultiplyAdd(sum, k[(((((o * inputs) + c) * size) + a) * size) + b], x[(((c * height) + row) * width) + column]);
                                }
                            }
                        }
                    }

                    y[(((o * height) + i) * width) + j] = sum;
                }
            }
        }

        return y;
    }

    private static (double Hi, double Lo)[] Dense(double[] w, double[]? bias, int outputs, int inputs, (double Hi, double Lo)[] x)
    {
        var y = new (double Hi, double Lo)[outputs];
        for (var o = 0; o < outputs; o++)
        {
            var sum = (bias?[o] ?? 0.0, 0.0);
            for (var i = 0; i < inputs; i++)
            {
                sum = MultiplyAdd(sum, w[(o * inputs) + i], x[i]);
            }

            y[o] = sum;
        }

        return y;
    }

    // sum + w (x.Hi + x.Lo) with error-free products (FMA) and sums (TwoSum).
    private static (double Hi, double Lo) MultiplyAdd((double Hi, double Lo) sum, double w, (double Hi, double Lo) x)
    {
        var product = w * x.Hi;
        var productError = Math.FusedMultiplyAdd(w, x.Hi, -product);
        var (hi, lo) = Add(sum, (product, productError + (w * x.Lo)));
        return (hi, lo);
    }

    private static (double Hi, double Lo) Add((double Hi, double Lo) a, (double Hi, double Lo) b)
    {
        var s = a.Hi + b.Hi;
        var v = s - a.Hi;
        var e = (a.Hi - (s - v)) + (b.Hi - v);
        var lo = e + a.Lo + b.Lo;
        var hi = s + lo;
        return (hi, lo - (hi - s));
    }

    private static double[] Values(Random random, int count, double scale) =>
        [.. Enumerable.Range(0, count).Select(_ => ((random.NextDouble() * 2) - 1) * scale * (random.Next(3) == 0 ? 1e-3 : 1))];

    private static double Norm(double[] values) => Math.Sqrt(values.Sum(v => v * v));
}
