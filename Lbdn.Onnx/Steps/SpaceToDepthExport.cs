using Lbdn.Layers;

namespace Lbdn.Onnx.Steps;

/// <summary>
/// <see cref="SpaceToDepth"/> (pixel_unshuffle by 2): y[b, 4c + 2i + j, u, v] = x[b, c, 2u + i, 2v + j], as
/// reshape [b, c, n/2, 2, n/2, 2], transpose to [b, c, i, j, u, v], reshape [b, 4c, n/2, n/2]. The ONNX SpaceToDepth
/// operator orders channels block-first, so it is not used.
/// </summary>
internal sealed class SpaceToDepthExport : StepExport<SpaceToDepth>
{
    public override string Kind => "space_to_depth";

    protected override void Emit(SpaceToDepth step, OnnxGraph graph)
    {
        if (graph.Shape is not [var c, var h, var w] || h % 2 != 0 || w % 2 != 0)
        {
            throw new InvalidOperationException(
                $"Space-to-depth expects [batch, c, h, w] with even h and w, but the previous step gives [batch, {string.Join(", ", graph.Shape)}].");
        }

        var blocks = graph.Reshape(graph.Current, c, h / 2, 2, w / 2, 2);
        var moved = graph.Transpose(blocks, 0, 1, 3, 5, 2, 4);
        graph.Advance(graph.Reshape(moved, 4 * c, h / 2, w / 2), [4 * c, h / 2, w / 2]);
    }
}
