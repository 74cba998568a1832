using Lbdn.Layers;

namespace Lbdn.Onnx.Steps;

/// <summary><see cref="LipschitzScale"/>: y = c x.</summary>
internal sealed class ScaleExport : StepExport<LipschitzScale>
{
    public override string Kind => "scale";

    protected override void Emit(LipschitzScale step, OnnxGraph graph) =>
        graph.Advance(graph.Node("Mul", graph.Current, graph.Weight("factor", [], [step.Factor])), graph.Shape);
}
