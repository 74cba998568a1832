using Lbdn.Layers;

namespace Lbdn.Onnx.Steps;

/// <summary><see cref="Flatten"/>: [batch, c, h, w] to [batch, c h w].</summary>
internal sealed class FlattenExport : StepExport<Flatten>
{
    public override string Kind => "flatten";

    protected override void Emit(Flatten step, OnnxGraph graph) =>
        graph.Advance(graph.Node("Flatten", [graph.Current], 1, OnnxGraph.Int("axis", 1))[0], [graph.Shape.Aggregate(1L, (a, b) => a * b)]);
}
