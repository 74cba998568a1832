using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Onnx.Steps;

/// <summary>
/// <see cref="FrozenSll"/>: y = x + U sigma(V x + b) with the frozen V = W^T and U = -2 W T^-1. Dense: MatMul(x, V^T) + b,
/// the activation, MatMul(s, U^T), Add x. Convolution: Conv(x, V, b), the activation, Conv(s, U) with U the flipped,
/// channel-swapped kernel the layer froze (the adjoint of the first convolution as an ordinary convolution), Add x.
/// </summary>
internal sealed class SllExport : StepExport<FrozenSll>
{
    private static readonly ActivationExport Activation = new();

    public override string Kind => "sll";

    protected override void Emit(FrozenSll step, OnnxGraph graph)
    {
        var (x, shape, prefix) = (graph.Current, graph.Shape, graph.Prefix);
        var neurons = step.Inner.shape[0];
        string z;
        long[] neuronShape;
        if (step.Padding is null)
        {
            Expect(graph, [step.Inner.shape[1]], "A frozen SLL layer");
            z = graph.Node("Add", Product(graph, x, step.Inner, "inner_t"), graph.Weight("bias", [neurons], Values(step.Bias)));
            neuronShape = [neurons];
        }
        else
        {
            Expect(graph, [step.Inner.shape[1], shape.ElementAtOrDefault(1), shape.ElementAtOrDefault(2)], "A frozen SLL convolution");
            z = ZeroPaddedConvGraph.Emit(graph, x, shape, step.Inner, step.Bias, "inner");
            neuronShape = [neurons, shape[1], shape[2]];
        }

        graph.Advance(z, neuronShape);
        graph.Prefix = $"{prefix}_sigma";
        ((IStepExport)Activation).Emit(step.Sigma, graph);
        graph.Prefix = prefix;
        var s = graph.Current;
        var update = step.Padding is null ? Product(graph, s, step.Outer, "outer_t") : ZeroPaddedConvGraph.Emit(graph, s, neuronShape, step.Outer, null, "outer");
        graph.Advance(graph.Node("Add", x, update), shape);
    }

    // M v for every row v of value, as MatMul(value, M^T), for a stored map M [rows, columns].
    private static string Product(OnnxGraph graph, string value, Tensor map, string name)
    {
        using var transposed = map.t();
        return graph.Node("MatMul", value, graph.Weight(name, [map.shape[1], map.shape[0]], Values(transposed)));
    }
}
