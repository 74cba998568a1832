using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Onnx.Steps;

/// <summary>
/// <see cref="FrozenFourierConv"/>: y = irfft2(M(f) rfft2(x)(f)) + b, built exactly from real matrix products:
/// the spectrum of each channel is x D (<see cref="RealDft.Forward"/>), every frequency's complex matrix M = Mr + i Mi acts on
/// [Re; Im] as the real block [[Mr, -Mi], [Mi, Mr]] (one batched MatMul over the F frequencies), and the image is the
/// spectrum times E (<see cref="RealDft.Inverse"/>). Only MatMul, Reshape, Transpose and Add, so the float64 model runs too.
/// </summary>
internal sealed class FourierConvExport : StepExport<FrozenFourierConv>
{
    public override string Kind => "fourier_conv";

    protected override void Emit(FrozenFourierConv step, OnnxGraph graph)
    {
        var n = step.Size;
        var (frequencies, outputs, inputs) = (step.Matrices.shape[0], step.Matrices.shape[1], step.Matrices.shape[2]);
        Expect(graph, [inputs, n, n], "A frozen Fourier convolution");
        var pixels = n * n;

        // [b, c, n, n] -> [b, c, 2F] (real parts, then imaginary parts) -> [F, 2c, b]
        var flat = graph.Reshape(graph.Current, inputs, pixels);
        var spectrum = graph.Node("MatMul", flat, graph.Weight("dft", [pixels, 2 * frequencies], RealDft.Forward(n)));
        var byFrequency = graph.Transpose(graph.Reshape(spectrum, inputs, 2, frequencies), 3, 2, 1, 0);
        var stacked = graph.Node("Reshape", byFrequency, graph.Int64s("stacked", frequencies, 2 * inputs, -1));

        // [F, 2 out, 2 in] x [F, 2c, b] -> [F, 2 out, b] -> [b, out, 2F] -> [b, out, n, n]
        var product = graph.Node("MatMul", graph.Weight("blocks", [frequencies, 2 * outputs, 2 * inputs], Blocks(step.Matrices)), stacked);
        var split = graph.Node("Reshape", product, graph.Int64s("split", frequencies, 2, outputs, -1));
        var backToBatch = graph.Reshape(graph.Transpose(split, 3, 2, 1, 0), outputs, 2 * frequencies);
        var image = graph.Reshape(graph.Node("MatMul", backToBatch, graph.Weight("idft", [2 * frequencies, pixels], RealDft.Inverse(n))), outputs, n, n);
        if (step.Bias is { } bias)
        {
            image = graph.Node("Add", image, graph.Weight("bias", [outputs, 1, 1], Values(bias)));
        }

        graph.Advance(image, [outputs, n, n]);
    }

    // [[Mr, -Mi], [Mi, Mr]] per frequency, row-major [F, 2 out, 2 in].
    private static double[] Blocks(Tensor matrices)
    {
        var (frequencies, outputs, inputs) = (matrices.shape[0], matrices.shape[1], matrices.shape[2]);
        using var realPart = real(matrices);
        using var imaginaryPart = imag(matrices);
        var (re, im) = (Values(realPart), Values(imaginaryPart));
        var blocks = new double[frequencies * 4 * outputs * inputs];
        for (long f = 0; f < frequencies; f++)
        {
            for (long o = 0; o < outputs; o++)
            {
                for (long i = 0; i < inputs; i++)
                {
                    var source = (((f * outputs) + o) * inputs) + i;
                    var top = ((f * 2 * outputs) + o) * 2 * inputs;
                    var bottom = ((f * 2 * outputs) + outputs + o) * 2 * inputs;
                    blocks[top + i] = re[source];
                    blocks[top + inputs + i] = -im[source];
                    blocks[bottom + i] = im[source];
                    blocks[bottom + inputs + i] = re[source];
                }
            }
        }

        return blocks;
    }
}
