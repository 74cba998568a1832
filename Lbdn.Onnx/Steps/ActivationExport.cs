using Lbdn.Layers;

namespace Lbdn.Onnx.Steps;

/// <summary><see cref="LipschitzActivation"/>: every kind, on neurons along the last axis (vectors) or axis 1 (channels).</summary>
internal sealed class ActivationExport : StepExport<LipschitzActivation>
{
    public override string Kind => "activation";

    protected override void Emit(LipschitzActivation step, OnnxGraph graph)
    {
        var axis = step.Dim == -1 ? graph.Shape.Length : step.Dim;
        if (axis < 1 || axis > graph.Shape.Length || graph.Shape[axis - 1] != step.Neurons)
        {
            throw new InvalidOperationException(
                $"The {step.Kind} activation over {step.Neurons} neurons (dim {step.Dim}) does not fit the previous step's output [batch, {string.Join(", ", graph.Shape)}].");
        }

        var x = graph.Current;
        var y = step.Kind switch
        {
            Activation.ReLU => graph.Node("Relu", x),
            Activation.Tanh => graph.Node("Tanh", x),
            Activation.Sigmoid => graph.Node("Sigmoid", x),
            Activation.Identity => graph.Node("Identity", x),
            // leaky_relu(x) = max(x, a x) for a slope a in [0, 1]
            Activation.LeakyReLU => graph.Node("Max", x, graph.Node("Mul", x, graph.Weight("slope", [], [LipschitzActivation.LeakySlope]))),
            // min(max(x, 0), theta) with theta per neuron
            Activation.ClippedReLU => graph.Node("Min", graph.Node("Relu", x), graph.Weight("theta", step.Threshold!.shape, Values(step.Threshold))),
            Activation.MaxMin => MaxMin(graph, x, axis),
            Activation.GroupSort => GroupSort(graph, x, axis),
            _ => throw new NotSupportedException($"The activation {step.Kind} has no ONNX export."),
        };
        graph.Advance(y, graph.Shape);
    }

    // halves a, b along the axis -> [max(a, b), min(a, b)]
    private static string MaxMin(OnnxGraph graph, string x, long axis)
    {
        var halves = graph.Node("Split", [x], 2, OnnxGraph.Int("axis", axis), OnnxGraph.Int("num_outputs", 2));
        return graph.Node("Concat", [graph.Node("Max", halves), graph.Node("Min", halves)], 1, OnnxGraph.Int("axis", axis))[0];
    }

    // Moves the neuron axis last, sorts each group of GroupSize neurons in descending order with TopK, moves it back.
    private static string GroupSort(OnnxGraph graph, string x, long axis)
    {
        var shape = graph.Shape;
        var last = shape.Length;
        long[] permutation = [.. Enumerable.Range(0, last + 1).Select(d => d == axis ? last : d == last ? axis : (long)d)];
        var moved = axis == last ? x : graph.Transpose(x, permutation);
        long[] movedShape = [.. permutation.Skip(1).Select(d => shape[d - 1])];
        var groups = graph.Reshape(moved, [.. movedShape[..^1], movedShape[^1] / LipschitzActivation.GroupSize, LipschitzActivation.GroupSize]);
        var sorted = graph.Node("TopK", [groups, graph.Int64s("k", LipschitzActivation.GroupSize)], 2,
            OnnxGraph.Int("axis", -1), OnnxGraph.Int("largest", 1), OnnxGraph.Int("sorted", 1))[0];
        var ungrouped = graph.Reshape(sorted, movedShape);
        return axis == last ? ungrouped : graph.Transpose(ungrouped, permutation);
    }
}
