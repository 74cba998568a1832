using Lbdn.Layers;

namespace Lbdn.Onnx.Steps;

/// <summary>
/// <see cref="AvgPool"/>: non-overlapping k x k means, as a reshape to [batch, c, h/k, k, w/k, k] and a mean over the two
/// window axes (the same arithmetic as the pooling operator, in every precision ONNX Runtime supports).
/// </summary>
internal sealed class AvgPoolExport : StepExport<AvgPool>
{
    public override string Kind => "avgpool";

    protected override void Emit(AvgPool step, OnnxGraph graph)
    {
        var k = step.Kernel;
        if (graph.Shape is not [var c, var h, var w] || h % k != 0 || w % k != 0)
        {
            throw new InvalidOperationException(
                $"AvgPool({k}) expects [batch, c, h, w] with h and w divisible by {k}, but the previous step gives [batch, {string.Join(", ", graph.Shape)}].");
        }

        var windows = graph.Reshape(graph.Current, c, h / k, k, w / k, k);
        var mean = graph.Node("ReduceMean", [windows, graph.Int64s("axes", 3, 5)], 1, OnnxGraph.Int("keepdims", 0))[0];
        graph.Advance(mean, [c, h / k, w / k]);
    }
}
