using Lbdn.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static TorchSharp.torch;
using Tensor = TorchSharp.torch.Tensor;

namespace Lbdn.Tests.Onnx;

/// <summary>Runs a serialized ONNX model in ONNX Runtime on a TorchSharp batch and returns the output as a float64 tensor.</summary>
internal static class OnnxRunner
{
    public static Tensor Run(byte[] model, Tensor inputs, OnnxPrecision precision)
    {
        using var session = new InferenceSession(model);
        int[] shape = [.. inputs.shape.Select(d => (int)d)];
        using var contiguous = inputs.contiguous();
        var input = precision == OnnxPrecision.Float32
            ? NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, new DenseTensor<float>(contiguous.to_type(ScalarType.Float32).data<float>().ToArray(), shape))
            : NamedOnnxValue.CreateFromTensor(OnnxExport.InputName, new DenseTensor<double>(contiguous.to_type(ScalarType.Float64).data<double>().ToArray(), shape));
        using var results = session.Run([input]);
        var output = results.Single(r => r.Name == OnnxExport.OutputName);
        if (precision == OnnxPrecision.Float32)
        {
            var values = output.AsTensor<float>();
            return tensor(values.ToArray(), [.. values.Dimensions.ToArray().Select(d => (long)d)]).to_type(ScalarType.Float64);
        }

        var doubles = output.AsTensor<double>();
        return tensor(doubles.ToArray(), [.. doubles.Dimensions.ToArray().Select(d => (long)d)]);
    }

    /// <summary>max |actual - expected| / max |expected|.</summary>
    public static double RelativeError(Tensor actual, Tensor expected)
    {
        using var a = actual.to_type(ScalarType.Float64);
        using var e = expected.to_type(ScalarType.Float64);
        return (a - e).abs().max().ToDouble() / e.abs().max().ToDouble();
    }
}
