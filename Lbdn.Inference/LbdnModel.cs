using System.Buffers;
using System.Numerics.Tensors;
using Lbdn.Inference.Steps;

namespace Lbdn.Inference;

/// <summary>
/// A frozen Lipschitz network loaded from a frozen-model file (.safetensors, see docs/model-format.md), evaluated without
/// TorchSharp. Every prediction runs the float64 weights in float64; its certified radius follows the rule of Lbdn.Runtime's
/// certificate (per-pair last-layer rule when known, same slack) after lowering the margins by a bound on the float64
/// rounding error, so it never exceeds the certified radius of the exact float64 network. Immutable and thread-safe.
/// </summary>
public sealed class LbdnModel
{
    // Samples evaluated together by PredictBatch: enough to share each weight row, small enough for the cache.
    private const int Chunk = 32;

    private readonly IInferenceStep[] steps;
    private readonly PairCertificate certificate;
    private readonly int inputSize;
    private readonly int bufferSize;

    private LbdnModel(FrozenModelFile file)
    {
        Metadata = file.Metadata;
        steps = StepFactory.Build(file);
        inputSize = Metadata.InputShape.Aggregate(1, (product, d) => product * d);
        var outputs = steps.Length == 0 ? inputSize : steps[^1].OutputSize;
        if (outputs != Metadata.OutputCount || Metadata.OutputCount < 1)
        {
            throw new InvalidDataException($"The layers compute {outputs} outputs but the metadata declares output_count {Metadata.OutputCount}.");
        }

        if (!(Metadata.LipschitzBound > 0) || !double.IsFinite(Metadata.LipschitzBound))
        {
            throw new InvalidDataException($"The Lipschitz bound {Metadata.LipschitzBound} is not positive and finite.");
        }

        bufferSize = steps.Aggregate(inputSize, (max, step) => Math.Max(max, step.OutputSize));
        double[]? last = null;
        if (Metadata.PenultimateBound is not null)
        {
            var tensor = file.Tensor(FrozenModelFile.LastWeight(float64: true));
            last = tensor.Shape is [var rows, _] && rows == Metadata.OutputCount
                ? tensor.ToDoubles()
                : throw new InvalidDataException($"The last weight has shape [{string.Join(", ", tensor.Shape)}]; expected [{Metadata.OutputCount}, features].");
        }

        certificate = new PairCertificate(Metadata.LipschitzBound, Metadata.OutputCount, Metadata.PenultimateBound, last);
    }

    /// <summary>The proven l2 Lipschitz bound of the network.</summary>
    public double LipschitzBound => Metadata.LipschitzBound;

    /// <summary>The input shape without the batch dimension (a copy).</summary>
    public int[] InputShape => [.. Metadata.InputShape];

    /// <summary>The number of logits.</summary>
    public int OutputCount => Metadata.OutputCount;

    /// <summary>The file's metadata: name, gamma, layers, certification table.</summary>
    public FrozenModelMetadata Metadata { get; }

    /// <summary>Loads the frozen-model file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed frozen-model file; the message says what is wrong.</exception>
    public static LbdnModel Load(string path) => new(FrozenModelFile.Read(path));

    /// <summary>Loads a frozen-model file from <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a well-formed frozen-model file; the message says what is wrong.</exception>
    public static LbdnModel Load(Stream stream) => new(FrozenModelFile.Read(stream));

    /// <summary>Predicts one input of <see cref="InputShape"/> (flattened, row-major).</summary>
    /// <exception cref="ArgumentException">The input has the wrong size or a NaN or infinite value.</exception>
    public Prediction Predict(ReadOnlySpan<float> input)
    {
        InputCheck.Size(input.Length, inputSize, Metadata.InputShape, nameof(input));
        InputCheck.Finite(input, inputSize, nameof(input));
        Span<double> z = OutputCount <= 256 ? stackalloc double[OutputCount] : new double[OutputCount];
        Span<double> error = stackalloc double[1];
        Evaluate(input, 1, z, error);
        return Certify(z, error[0]);
    }

    /// <summary>Predicts <paramref name="count"/> inputs stored one after another.</summary>
    /// <exception cref="ArgumentException">The span does not hold count inputs, or holds a NaN or infinite value.</exception>
    public IReadOnlyList<Prediction> PredictBatch(ReadOnlySpan<float> inputs, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (inputs.Length != (long)count * inputSize)
        {
            throw new ArgumentException(
                $"Expected {count} inputs of {inputSize} values (input shape [{string.Join(", ", Metadata.InputShape)}]), {(long)count * inputSize} in all, got {inputs.Length}.",
                nameof(inputs));
        }

        InputCheck.Finite(inputs, inputSize, nameof(inputs));
        var predictions = new Prediction[count];
        var z = ArrayPool<double>.Shared.Rent(Chunk * OutputCount);
        Span<double> errors = stackalloc double[Chunk];
        try
        {
            for (var start = 0; start < count; start += Chunk)
            {
                var length = Math.Min(Chunk, count - start);
                Evaluate(inputs.Slice(start * inputSize, length * inputSize), length, z, errors);
                for (var s = 0; s < length; s++)
                {
                    predictions[start + s] = Certify(z.AsSpan(s * OutputCount, OutputCount), errors[s]);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(z);
        }

        return predictions;
    }

    /// <summary>Writes the float64 logits of <paramref name="input"/> into <paramref name="logits"/> (length <see cref="OutputCount"/>).</summary>
    /// <exception cref="ArgumentException">Wrong sizes, or a NaN or infinite input value.</exception>
    public void ComputeLogits(ReadOnlySpan<float> input, Span<double> logits)
    {
        InputCheck.Size(input.Length, inputSize, Metadata.InputShape, nameof(input));
        InputCheck.Size(logits.Length, OutputCount, [OutputCount], nameof(logits));
        InputCheck.Finite(input, inputSize, nameof(input));
        Span<double> error = stackalloc double[1];
        Evaluate(input, 1, logits, error);
    }

    private Prediction Certify(ReadOnlySpan<double> z, double error)
    {
        var label = TensorPrimitives.IndexOfMax(z);
        var logits = new float[OutputCount];
        TensorPrimitives.ConvertTruncating<double, float>(z, logits);
        if (OutputCount == 1)
        {
            return new Prediction(0, logits, double.PositiveInfinity, double.PositiveInfinity);
        }

        var runnerUp = double.NegativeInfinity;
        for (var i = 0; i < z.Length; i++)
        {
            runnerUp = i == label ? runnerUp : Math.Max(runnerUp, z[i]);
        }

        // |(z_y - z_i) - exact| <= sqrt(2) E for this evaluation; doubled to cover any other float64 evaluation with the same bound.
        var slack = 2 * Math.Sqrt(2) * error;
        return new Prediction(label, logits, z[label] - runnerUp, certificate.Radius(z, label, slack));
    }

    // Runs the steps in float64 on count samples; errors[s] bounds the l2 rounding error of sample s's logits: E <- Lip_k E + rho_k.
    private void Evaluate(ReadOnlySpan<float> inputs, int count, Span<double> logits, Span<double> errors)
    {
        var rented = ArrayPool<double>.Shared.Rent(2 * count * bufferSize);
        Span<double> norms = stackalloc double[count];
        try
        {
            var current = rented.AsSpan(0, count * bufferSize);
            var next = rented.AsSpan(count * bufferSize, count * bufferSize);
            TensorPrimitives.ConvertChecked<float, double>(inputs, current);
            var size = inputSize;
            for (var s = 0; s < count; s++)
            {
                norms[s] = TensorPrimitives.Norm<double>(current.Slice(s * size, size)) * (1 + Rounding.Gamma(size + 1));
                errors[s] = 0;
            }

            foreach (var step in steps)
            {
                var outputSize = step.OutputSize;
                step.ForwardBatch(current[..(count * size)], next[..(count * outputSize)], count);
                for (var s = 0; s < count; s++)
                {
                    var outputNorm = TensorPrimitives.Norm<double>(next.Slice(s * outputSize, outputSize)) * (1 + Rounding.Gamma(outputSize + 1));
                    errors[s] = (step.Lipschitz * errors[s]) + step.RoundingError(norms[s], outputNorm);
                    norms[s] = outputNorm;
                }

                size = outputSize;
                var swap = current;
                current = next;
                next = swap;
            }

            current[..(count * size)].CopyTo(logits);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }
}
