using Onnx;

namespace Lbdn.Onnx;

/// <summary>
/// An ONNX graph under construction, one value flowing through it: each step reads <see cref="Current"/> (a tensor of shape
/// [batch, ..<see cref="Shape"/>]) and moves it on with <see cref="Advance"/>. Weights become initializers in the model's precision.
/// </summary>
internal sealed class OnnxGraph
{
    private readonly GraphProto graph = new() { Name = "lbdn" };
    private int nodes;

    public OnnxGraph(OnnxPrecision precision, long[] inputShape)
    {
        Precision = precision;
        Current = OnnxExport.InputName;
        Shape = inputShape;
        graph.Input.Add(Value(Current, inputShape));
    }

    /// <summary>The element type of every floating-point tensor.</summary>
    public OnnxPrecision Precision { get; }

    /// <summary>The name of the value the next step reads.</summary>
    public string Current { get; private set; }

    /// <summary>Its shape without the batch dimension.</summary>
    public long[] Shape { get; private set; }

    /// <summary>The prefix of the names a step creates: "step{index}_{kind}".</summary>
    public string Prefix { get; set; } = "";

    /// <summary>The ONNX TensorProto data type of <see cref="Precision"/>.</summary>
    public int ElementType => Precision == OnnxPrecision.Float32 ? (int)TensorProto.Types.DataType.Float : (int)TensorProto.Types.DataType.Double;

    /// <summary>Adds a floating-point initializer of shape <paramref name="dims"/> holding <paramref name="values"/> (row-major), rounded to the precision.</summary>
    public string Weight(string name, long[] dims, double[] values)
    {
        var tensor = new TensorProto { Name = $"{Prefix}_{name}", DataType = ElementType };
        tensor.Dims.Add(dims);
        if (Precision == OnnxPrecision.Float32)
        {
            tensor.FloatData.Add(values.Select(v => (float)v));
        }
        else
        {
            tensor.DoubleData.Add(values);
        }

        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a 1-D int64 initializer (shapes, axes, k).</summary>
    public string Int64s(string name, params long[] values)
    {
        var tensor = new TensorProto { Name = $"{Prefix}_{name}", DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.Add(values);
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a node of <paramref name="op"/> on <paramref name="inputs"/> with <paramref name="outputs"/> outputs; returns their names.</summary>
    public string[] Node(string op, string[] inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{Prefix}_{op}_{nodes++}" };
        node.Input.Add(inputs);
        node.Output.Add(Enumerable.Range(0, outputs).Select(i => $"{node.Name}_out{i}"));
        node.Attribute.Add(attributes);
        graph.Node.Add(node);
        return [.. node.Output];
    }

    /// <summary>Adds a single-output node; returns its output.</summary>
    public string Node(string op, params string[] inputs) => Node(op, inputs, 1)[0];

    /// <summary>Reshapes <paramref name="value"/> to [-1, ..<paramref name="dims"/>] (the batch stays first).</summary>
    public string Reshape(string value, params long[] dims) => Node("Reshape", value, Int64s($"shape{nodes}", [-1, .. dims]));

    /// <summary>Permutes the dimensions of <paramref name="value"/>.</summary>
    public string Transpose(string value, params long[] permutation) => Node("Transpose", [value], 1, Ints("perm", permutation))[0];

    /// <summary>Makes <paramref name="value"/> of shape [batch, ..<paramref name="shape"/>] the current value.</summary>
    public void Advance(string value, long[] shape)
    {
        Current = value;
        Shape = shape;
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>An integer-list attribute.</summary>
    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    /// <summary>Names the current value as the graph's output and returns the finished graph.</summary>
    public GraphProto Finish()
    {
        var identity = new NodeProto { OpType = "Identity", Name = "output_Identity" };
        identity.Input.Add(Current);
        identity.Output.Add(OnnxExport.OutputName);
        graph.Node.Add(identity);
        graph.Output.Add(Value(OnnxExport.OutputName, Shape));
        return graph;
    }

    private ValueInfoProto Value(string name, long[] shape)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = ElementType, Shape = new TensorShapeProto() };
        tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        tensor.Shape.Dim.Add(shape.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
