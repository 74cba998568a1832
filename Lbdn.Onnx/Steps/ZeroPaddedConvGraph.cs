using static TorchSharp.torch;

namespace Lbdn.Onnx.Steps;

/// <summary>
/// The zero-padded stride-1 convolution conv(x, K) + b (K [out, in, k, k], k odd, padding p = (k - 1) / 2) as ONNX nodes:
/// one Conv node in float32; in float64, which ONNX Runtime's CPU Conv does not implement, as the same sum written with
/// Pad, Slice, Concat and MatMul: y[o] = sum_{a, b, c} K[o, c, a, b] pad(x)[c, a:a+h, b:b+w] + b[o].
/// </summary>
internal static class ZeroPaddedConvGraph
{
    /// <summary>Appends conv(<paramref name="x"/>, <paramref name="kernel"/>) + <paramref name="bias"/> on [batch, in, h, w]; returns the [batch, out, h, w] value.</summary>
    public static string Emit(OnnxGraph graph, string x, long[] image, Tensor kernel, Tensor? bias, string name)
    {
        var (outputs, inputs, size) = (kernel.shape[0], kernel.shape[1], kernel.shape[2]);
        var padding = (size - 1) / 2;
        if (graph.Precision == OnnxPrecision.Float32)
        {
            List<string> operands = [x, graph.Weight(name, [outputs, inputs, size, size], Values(kernel))];
            if (bias is not null)
            {
                operands.Add(graph.Weight($"{name}_bias", [outputs], Values(bias)));
            }

            return graph.Node("Conv", [.. operands], 1,
                OnnxGraph.Ints("kernel_shape", size, size), OnnxGraph.Ints("pads", padding, padding, padding, padding), OnnxGraph.Ints("strides", 1, 1))[0];
        }

        var (height, width) = (image[1], image[2]);
        var padded = graph.Node("Pad", x, graph.Int64s($"{name}_pads", 0, 0, padding, padding, 0, 0, padding, padding));
        var axes = graph.Int64s($"{name}_axes", 2, 3);
        var shifted = new List<string>();
        for (long a = 0; a < size; a++)
        {
            for (long b = 0; b < size; b++)
            {
                shifted.Add(graph.Node("Slice", padded, graph.Int64s($"{name}_start{a}_{b}", a, b), graph.Int64s($"{name}_end{a}_{b}", a + height, b + width), axes));
            }
        }

        // [batch, k^2 in, h w] (tap-major) times the kernel as [out, k^2 in]
        var stacked = shifted.Count == 1 ? shifted[0] : graph.Node("Concat", [.. shifted], 1, OnnxGraph.Int("axis", 1))[0];
        var columns = graph.Reshape(stacked, size * size * inputs, height * width);
        var y = graph.Node("MatMul", graph.Weight(name, [outputs, size * size * inputs], TapMajor(kernel)), columns);
        if (bias is not null)
        {
            y = graph.Node("Add", y, graph.Weight($"{name}_bias", [outputs, 1], Values(bias)));
        }

        return graph.Reshape(y, outputs, height, width);
    }

    // M[o, (a k + b) in + c] = K[o, c, a, b]
    private static double[] TapMajor(Tensor kernel)
    {
        using var permuted = kernel.permute(0, 2, 3, 1);
        return Values(permuted);
    }

    private static double[] Values(Tensor tensor)
    {
        using var values = tensor.detach().cpu().to_type(ScalarType.Float64).contiguous();
        return values.data<double>().ToArray();
    }
}
