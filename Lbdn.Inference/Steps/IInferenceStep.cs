namespace Lbdn.Inference.Steps;

/// <summary>One fused step of a frozen network, evaluated in float64 on one sample.</summary>
internal interface IInferenceStep
{
    /// <summary>Elements of one input sample.</summary>
    int InputSize { get; }

    /// <summary>Elements of one output sample.</summary>
    int OutputSize { get; }

    /// <summary>A proven upper bound on the step's l2 Lipschitz constant; propagates rounding errors of earlier steps.</summary>
    double Lipschitz { get; }

    /// <summary>Writes the step's output for <paramref name="input"/> into <paramref name="output"/> (distinct buffers).</summary>
    void Forward(ReadOnlySpan<double> input, Span<double> output);

    /// <summary>Runs <see cref="Forward"/> on <paramref name="count"/> samples stored one after another.</summary>
    void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> outputs, int count)
    {
        for (var s = 0; s < count; s++)
        {
            Forward(inputs.Slice(s * InputSize, InputSize), outputs.Slice(s * OutputSize, OutputSize));
        }
    }

    /// <summary>
    /// An upper bound on ||fl(step(x)) - step(x)||_2, the float64 rounding error of <see cref="Forward"/>, given the norms of
    /// its input and of its computed output.
    /// </summary>
    double RoundingError(double inputNorm, double outputNorm);
}
