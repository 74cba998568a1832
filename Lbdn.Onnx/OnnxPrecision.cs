namespace Lbdn.Onnx;

/// <summary>The element type of an exported ONNX model: its input, weights and output.</summary>
public enum OnnxPrecision
{
    /// <summary>ONNX FLOAT (float32).</summary>
    Float32,

    /// <summary>ONNX DOUBLE (float64).</summary>
    Float64,
}
