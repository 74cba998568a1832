using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Lbdn.Inference;

/// <summary>One named tensor of a safetensors file: dtype F64 or F32, shape, little-endian bytes.</summary>
public sealed class FrozenTensor
{
    private readonly ReadOnlyMemory<byte> bytes;

    private FrozenTensor(string name, string dtype, int[] shape, ReadOnlyMemory<byte> bytes)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        this.bytes = bytes;
    }

    /// <summary>The tensor's key in the file.</summary>
    public string Name { get; }

    /// <summary>The safetensors dtype: F64 or F32.</summary>
    public string DType { get; }

    /// <summary>The shape.</summary>
    public int[] Shape { get; }

    /// <summary>The number of elements, the product of the shape.</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, d) => product * d);

    /// <summary>The raw little-endian bytes.</summary>
    public ReadOnlySpan<byte> Bytes => bytes.Span;

    /// <summary>A float64 tensor holding a copy of <paramref name="values"/>.</summary>
    public static FrozenTensor FromDoubles(string name, int[] shape, ReadOnlySpan<double> values)
    {
        var data = new byte[values.Length * sizeof(double)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * sizeof(double)), values[i]);
        }

        return Checked(name, "F64", shape, data);
    }

    /// <summary>A float32 tensor holding a copy of <paramref name="values"/>.</summary>
    public static FrozenTensor FromSingles(string name, int[] shape, ReadOnlySpan<float> values)
    {
        var data = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * sizeof(float)), values[i]);
        }

        return Checked(name, "F32", shape, data);
    }

    /// <summary>The values as float64 (exact for both dtypes).</summary>
    public double[] ToDoubles()
    {
        var values = new double[ElementCount];
        if (DType == "F64" && BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, double>(bytes.Span).CopyTo(values);
        }
        else if (DType == "F64")
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.Span[(i * sizeof(double))..]);
            }
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Span[(i * sizeof(float))..]);
            }
        }

        return values;
    }

    /// <summary>The values as float32.</summary>
    /// <exception cref="InvalidOperationException">The tensor is float64 (narrowing would round).</exception>
    public float[] ToSingles()
    {
        if (DType != "F32")
        {
            throw new InvalidOperationException($"Tensor '{Name}' is {DType}; read it with ToDoubles.");
        }

        var values = new float[ElementCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Span[(i * sizeof(float))..]);
        }

        return values;
    }

    /// <summary>Wraps bytes read from a file, checking that their length matches dtype and shape.</summary>
    internal static FrozenTensor Checked(string name, string dtype, int[] shape, ReadOnlyMemory<byte> data)
    {
        var width = dtype switch
        {
            "F64" => sizeof(double),
            "F32" => sizeof(float),
            _ => throw new InvalidDataException($"Tensor '{name}' has dtype '{dtype}'; frozen models hold only F64 and F32 tensors."),
        };
        if (shape.Any(d => d < 0))
        {
            throw new InvalidDataException($"Tensor '{name}' has a negative dimension in shape [{string.Join(", ", shape)}].");
        }

        var count = shape.Aggregate(1L, (product, d) => product * d);
        if (count * width != data.Length)
        {
            throw new InvalidDataException(
                $"Tensor '{name}' of dtype {dtype} and shape [{string.Join(", ", shape)}] needs {count * width} bytes, the file gives {data.Length}.");
        }

        return new FrozenTensor(name, dtype, shape, data);
    }

}
