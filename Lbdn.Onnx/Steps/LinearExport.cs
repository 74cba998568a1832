using Lbdn.Layers;

namespace Lbdn.Onnx.Steps;

/// <summary><see cref="FrozenLinear"/>: y = x W^T + b as MatMul(x, W^T) + b.</summary>
internal sealed class LinearExport : StepExport<FrozenLinear>
{
    public override string Kind => "linear";

    protected override void Emit(FrozenLinear step, OnnxGraph graph)
    {
        var (outputs, inputs) = (step.Weight.shape[0], step.Weight.shape[1]);
        Expect(graph, [inputs], "A frozen linear step");
        using var transposed = step.Weight.t();
        var y = graph.Node("MatMul", graph.Current, graph.Weight("weight_t", [inputs, outputs], Values(transposed)));
        if (step.Bias is { } bias)
        {
            y = graph.Node("Add", y, graph.Weight("bias", [outputs], Values(bias)));
        }

        graph.Advance(y, [outputs]);
    }
}
