using System.Numerics.Tensors;

namespace Lbdn.Inference.Steps;

/// <summary>
/// A 1-Lipschitz activation over a [outer, neurons, inner] view of the sample: elementwise (ReLU, tanh, sigmoid, leaky ReLU,
/// identity, clipped ReLU min(max(x, 0), theta) with a threshold per neuron) or sorting over the neuron axis (MaxMin, GroupSort).
/// </summary>
internal sealed class ActivationStep : IInferenceStep
{
    private const double LeakySlope = 0.01;
    private const int GroupSize = 4;

    private readonly string kind;
    private readonly double[]? threshold;
    private readonly int outer;
    private readonly int neurons;
    private readonly int inner;

    public ActivationStep(string kind, double[]? threshold, int outer, int neurons, int inner)
    {
        this.kind = kind;
        this.threshold = threshold;
        this.outer = outer;
        this.neurons = neurons;
        this.inner = inner;
        InputSize = OutputSize = outer * neurons * inner;
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public double Lipschitz => 1.0;

    /// <summary>The activation names a frozen-model file may use.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["ReLU", "Tanh", "Sigmoid", "LeakyReLU", "Identity", "ClippedReLU", "MaxMin", "GroupSort"];

    public void Forward(ReadOnlySpan<double> input, Span<double> output)
    {
        switch (kind)
        {
            case "ReLU":
                TensorPrimitives.Max(input, 0.0, output);
                break;
            case "Tanh":
                TensorPrimitives.Tanh(input, output);
                break;
            case "Sigmoid":
                TensorPrimitives.Sigmoid(input, output);
                break;
            case "LeakyReLU":
                // max(x, 0.01 x)
                TensorPrimitives.Multiply(input, LeakySlope, output);
                TensorPrimitives.Max(input, output, output);
                break;
            case "Identity":
                input.CopyTo(output);
                break;
            case "ClippedReLU":
                Clipped(input, output);
                break;
            case "MaxMin":
                MaxMin(input, output);
                break;
            default:
                GroupSort(input, output);
                break;
        }
    }

    /// <summary>Max, min, sorting and clipping are exact; leaky ReLU rounds once (u); tanh and sigmoid are vectorised approximations within 64 u.</summary>
    public double RoundingError(double inputNorm, double outputNorm) => kind switch
    {
        "LeakyReLU" => Rounding.Unit * outputNorm,
        "Tanh" or "Sigmoid" => 64 * Rounding.Unit * outputNorm,
        _ => 0,
    };

    // min(max(x, 0), theta_neuron)
    private void Clipped(ReadOnlySpan<double> input, Span<double> output)
    {
        TensorPrimitives.Max(input, 0.0, output);
        for (var o = 0; o < outer; o++)
        {
            for (var n = 0; n < neurons; n++)
            {
                var block = output.Slice(((o * neurons) + n) * inner, inner);
                TensorPrimitives.Min(block, threshold![n], block);
            }
        }
    }

    // Halves a, b of the neuron axis -> [max(a, b), min(a, b)].
    private void MaxMin(ReadOnlySpan<double> input, Span<double> output)
    {
        var half = neurons / 2 * inner;
        for (var o = 0; o < outer; o++)
        {
            var start = o * neurons * inner;
            var a = input.Slice(start, half);
            var b = input.Slice(start + half, half);
            TensorPrimitives.Max(a, b, output.Slice(start, half));
            TensorPrimitives.Min(a, b, output.Slice(start + half, half));
        }
    }

    // Each group of 4 consecutive neurons sorted in descending order, at every inner position.
    private void GroupSort(ReadOnlySpan<double> input, Span<double> output)
    {
        Span<double> group = stackalloc double[GroupSize];
        for (var o = 0; o < outer; o++)
        {
            for (var g = 0; g < neurons; g += GroupSize)
            {
                for (var k = 0; k < inner; k++)
                {
                    for (var m = 0; m < GroupSize; m++)
                    {
                        group[m] = input[(((o * neurons) + g + m) * inner) + k];
                    }

                    group.Sort(static (left, right) => right.CompareTo(left));
                    for (var m = 0; m < GroupSize; m++)
                    {
                        output[(((o * neurons) + g + m) * inner) + k] = group[m];
                    }
                }
            }
        }
    }
}
