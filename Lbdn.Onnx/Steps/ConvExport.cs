using Lbdn.Layers;

namespace Lbdn.Onnx.Steps;

/// <summary><see cref="FrozenConv"/>: y = conv(x, K) + b, zero-padded, stride 1, as one Conv node (float32) or its tap sum (float64, see <see cref="ZeroPaddedConvGraph"/>).</summary>
internal sealed class ConvExport : StepExport<FrozenConv>
{
    public override string Kind => "conv";

    protected override void Emit(FrozenConv step, OnnxGraph graph)
    {
        if (graph.Shape is not [var channels, var height, var width] || channels != step.Kernel.shape[1])
        {
            throw new InvalidOperationException(
                $"A frozen convolution with kernel [{string.Join(", ", step.Kernel.shape)}] expects [batch, {step.Kernel.shape[1]}, h, w] but the previous step gives [batch, {string.Join(", ", graph.Shape)}].");
        }

        graph.Advance(ZeroPaddedConvGraph.Emit(graph, graph.Current, graph.Shape, step.Kernel, step.Bias, "kernel"), [step.Kernel.shape[0], height, width]);
    }
}
