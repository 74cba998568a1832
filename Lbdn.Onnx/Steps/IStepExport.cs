using static TorchSharp.torch;

namespace Lbdn.Onnx.Steps;

/// <summary>Writes one kind of frozen step as ONNX nodes: reads the graph's current value and advances it.</summary>
internal interface IStepExport
{
    /// <summary>The kind's short name, used in node and initializer names.</summary>
    string Kind { get; }

    /// <summary>True when <paramref name="step"/> is of this kind.</summary>
    bool Exports(nn.Module<Tensor, Tensor> step);

    /// <summary>Appends the nodes computing <paramref name="step"/> on the graph's current value.</summary>
    void Emit(nn.Module<Tensor, Tensor> step, OnnxGraph graph);
}

/// <summary>An <see cref="IStepExport"/> for steps of type <typeparamref name="TStep"/>.</summary>
internal abstract class StepExport<TStep> : IStepExport
    where TStep : nn.Module<Tensor, Tensor>
{
    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public bool Exports(nn.Module<Tensor, Tensor> step) => step is TStep;

    /// <inheritdoc />
    public void Emit(nn.Module<Tensor, Tensor> step, OnnxGraph graph) => Emit((TStep)step, graph);

    /// <summary>Appends the nodes computing <paramref name="step"/>.</summary>
    protected abstract void Emit(TStep step, OnnxGraph graph);

    /// <summary>The values of a real tensor, row-major, in float64.</summary>
    protected static double[] Values(Tensor tensor)
    {
        using var values = tensor.detach().cpu().to_type(ScalarType.Float64).contiguous();
        return values.data<double>().ToArray();
    }

    /// <summary>Throws unless the current value has shape [batch, ..<paramref name="expected"/>].</summary>
    protected static void Expect(OnnxGraph graph, long[] expected, string what)
    {
        if (!graph.Shape.SequenceEqual(expected))
        {
            throw new InvalidOperationException(
                $"{what} expects input of shape [batch, {string.Join(", ", expected)}] but the previous step gives [batch, {string.Join(", ", graph.Shape)}].");
        }
    }
}
