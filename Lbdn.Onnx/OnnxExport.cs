using System.Globalization;
using Google.Protobuf;
using Lbdn.Layers;
using Lbdn.Onnx.Steps;
using Onnx;

namespace Lbdn.Onnx;

/// <summary>
/// Writes a <see cref="FrozenNetwork"/> as an ONNX model: input <see cref="InputName"/> of shape [batch, ..InputShape],
/// output <see cref="OutputName"/> (the logits), every step as standard operators of opset <see cref="Opset"/> that ONNX
/// Runtime evaluates in float32 and float64, and the proven Lipschitz bound and certificate rule in <c>metadata_props</c>.
/// </summary>
public static class OnnxExport
{
    /// <summary>The graph's input.</summary>
    public const string InputName = "input";

    /// <summary>The graph's output.</summary>
    public const string OutputName = "logits";

    /// <summary>The default-domain operator set the graph uses.</summary>
    public const long Opset = 18;

    /// <summary>Metadata key of the proven l2 Lipschitz bound L (round-trip invariant-culture number).</summary>
    public const string BoundKey = "lbdn.lipschitz_bound";

    /// <summary>Metadata key of the certificate rule.</summary>
    public const string CertificateKey = "lbdn.certificate";

    /// <summary>The certificate every prediction of an L-Lipschitz classifier carries.</summary>
    public const string CertificateRule =
        "l2 certified radius = (z_top - z_second) / (sqrt(2) * L): no perturbation of the input with smaller l2 norm changes the argmax.";

    private const long IrVersion = 8;

    private static readonly IStepExport[] Exports =
    [
        new LinearExport(), new FourierConvExport(), new ActivationExport(), new ScaleExport(),
        new FlattenExport(), new AvgPoolExport(), new SpaceToDepthExport(), new ConvExport(), new SllExport(),
    ];

    /// <summary>
    /// The ONNX model of <paramref name="network"/> in <paramref name="precision"/>, with <paramref name="metadata"/> added to the
    /// bound, certificate, input shape and precision entries of <c>metadata_props</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">A step of a kind that has no ONNX export.</exception>
    public static ModelProto ToModel(FrozenNetwork network, OnnxPrecision precision, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var graph = new OnnxGraph(precision, network.InputShape);
        var index = 0;
        foreach (var step in network.Steps)
        {
            var export = Exports.FirstOrDefault(e => e.Exports(step))
                ?? throw new NotSupportedException(
                    $"The frozen step {step.GetType().Name} has no ONNX export; supported: frozen linear, Fourier and zero-padded convolution maps, SLL residuals, Lipschitz activations, scales, flatten, average pooling, space-to-depth.");
            graph.Prefix = $"step{index++}_{export.Kind}";
            export.Emit(step, graph);
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Lbdn",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString(3) ?? "0",
            DocString = $"A Lipschitz-bounded network with proven l2 bound {Format(network.LipschitzBound)}. {CertificateRule}",
            Graph = graph.Finish(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        var properties = new Dictionary<string, string>
        {
            [BoundKey] = Format(network.LipschitzBound),
            [CertificateKey] = CertificateRule,
            ["lbdn.input_shape"] = string.Join(",", network.InputShape),
            ["lbdn.precision"] = precision == OnnxPrecision.Float32 ? "float32" : "float64",
        };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            properties[key] = value;
        }

        model.MetadataProps.Add(properties.Select(p => new StringStringEntryProto { Key = p.Key, Value = p.Value }));
        return model;
    }

    /// <summary>The serialized ONNX model of <paramref name="network"/>, see <see cref="ToModel"/>.</summary>
    public static byte[] ToBytes(FrozenNetwork network, OnnxPrecision precision, IReadOnlyDictionary<string, string>? metadata = null) =>
        ToModel(network, precision, metadata).ToByteArray();

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
