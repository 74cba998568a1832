using Lbdn.Export;
using Lbdn.Inference;
using Lbdn.Onnx;
using Lbdn.Tests.Cli;
using Lbdn.Tests.Inference;
using Onnx;
using static TorchSharp.torch;

namespace Lbdn.Tests.Onnx;

/// <summary>
/// <c>lbdn export --onnx</c> on frozen-model files of the MNIST sandwich and conv architectures: ONNX Runtime computes the
/// logits Lbdn.Inference computes (1e-5 relative in float32, 1e-12 in float64) and the metadata carries bound and table.
/// </summary>
[Integration]
public sealed class OnnxCliExportTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lbdn-onnx-cli-").FullName;

    public static TheoryData<string> Architectures() => ["sandwich", "conv"];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void The_exported_models_compute_the_logits_of_Lbdn_Inference(string architecture)
    {
        using var network = architecture == "conv" ? InferenceModels.MnistConv(seed: 11) : InferenceModels.MnistSandwich(seed: 11);
        network.eval();
        var table = new CertificationTable("mnist", "abc123", [new CertificationRow(1.58, 0.97, 0.61, 0.62, 0.8)]);
        var frozen = Path.Combine(folder, "model.safetensors");
        FrozenModelWriter.Write(network, frozen, "Mnist" + architecture, certification: table);

        var (exitCode, output, error) = LbdnProcess.Run(folder, "export", "--onnx", "model.onnx", "--model", "model.safetensors");

        Assert.True(exitCode == 0, error);
        Assert.Contains("model.float64.onnx", output);
        var inference = LbdnModel.Load(frozen);
        using var generator = new Generator(12);
        using var inputs = rand([20, .. network.InputShape], generator: generator);
        var count = (int)inputs.shape[0];
        var flat = inputs.flatten().data<float>().ToArray();
        var expected = new double[count * inference.OutputCount];
        for (var n = 0; n < count; n++)
        {
            inference.ComputeLogits(flat.AsSpan(n * flat.Length / count, flat.Length / count), expected.AsSpan(n * inference.OutputCount, inference.OutputCount));
        }

        using var reference = tensor(expected, [count, inference.OutputCount]);
        using var narrow = OnnxRunner.Run(File.ReadAllBytes(Path.Combine(folder, "model.onnx")), inputs, OnnxPrecision.Float32);
        using var wide = OnnxRunner.Run(File.ReadAllBytes(Path.Combine(folder, "model.float64.onnx")), inputs, OnnxPrecision.Float64);
        Assert.InRange(OnnxRunner.RelativeError(narrow, reference), 0, 1e-5);
        Assert.InRange(OnnxRunner.RelativeError(wide, reference), 0, 1e-12);
        using var labels = reference.argmax(1);
        using var narrowLabels = narrow.argmax(1);
        Assert.Equal(labels.data<long>().ToArray(), narrowLabels.data<long>().ToArray());

        var metadata = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "model.onnx"))).MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("1", metadata[OnnxExport.BoundKey]);
        Assert.Equal("Mnist" + architecture, metadata["lbdn.name"]);
        Assert.Equal("float32", metadata["lbdn.precision"]);
        Assert.Contains("\"dataset_sha256\":\"abc123\"", metadata[OnnxMetadata.CertificationKey]);
    }

    [Fact]
    public void A_single_precision_is_written_to_the_named_file_only()
    {
        using var network = InferenceModels.MnistSandwich(seed: 13);
        FrozenModelWriter.Write(network, Path.Combine(folder, "m.safetensors"), "MnistSandwich");

        var (exitCode, _, error) = LbdnProcess.Run(folder, "export", "--onnx", "m64.onnx", "--model", "m.safetensors", "--precision", "float64");

        Assert.True(exitCode == 0, error);
        var metadata = ModelProto.Parser.ParseFrom(File.ReadAllBytes(Path.Combine(folder, "m64.onnx"))).MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("float64", metadata["lbdn.precision"]);
        Assert.False(File.Exists(Path.Combine(folder, "m64.float64.onnx")));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
