using Lbdn.Inference;
using Lbdn.Onnx;
using Lbdn.Tests.Onnx;
using static TorchSharp.torch;

namespace Lbdn.Tests.Cli;

/// <summary>
/// The user path of the AOL and SLL catalog networks through the CLI: train, certify, freeze (with the certification table),
/// export --onnx; Lbdn.Inference and ONNX Runtime then compute the same logits from the files the CLI wrote.
/// </summary>
[Integration]
public sealed class BaselineNetworkCliTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lbdn-baselines-cli-").FullName;

    public static TheoryData<string> Networks() => ["mnist-aol", "mnist-sll", "mnist-sll-conv"];

    [Theory]
    [MemberData(nameof(Networks))]
    public void A_catalog_network_trains_certifies_freezes_and_exports_and_its_files_predict_alike(string network)
    {
        var trained = LbdnProcess.Run(folder, "train", "--network", network, "--epochs", "1", "--train-limit", "300", "--out", "m.bin");
        var certified = LbdnProcess.Run(folder, "certify", "--network", network, "--model", "m.bin", "--limit", "20", "--pgd-steps", "5",
            "--pgd-restarts", "1", "--out", "m.certified.json");
        var frozen = LbdnProcess.Run(folder, "freeze", "--network", network, "--model", "m.bin", "--certified", "m.certified.json", "--out", "m.frozen.bin");
        var exported = LbdnProcess.Run(folder, "export", "--onnx", "m.onnx", "--model", "m.frozen.safetensors");

        Assert.True(trained.ExitCode == 0, trained.Error);
        Assert.True(certified.ExitCode == 0, certified.Error);
        Assert.True(frozen.ExitCode == 0, frozen.Error);
        Assert.True(exported.ExitCode == 0, exported.Error);
        var model = LbdnModel.Load(Path.Combine(folder, "m.frozen.safetensors"));
        Assert.Equal(1.0, model.LipschitzBound);
        Assert.Single(model.Metadata.Certification!.Rows, row => row.Radius == 1.58);
        using var generator = new Generator(5);
        using var inputs = rand([8, .. model.Metadata.InputShape.Select(d => (long)d)], generator: generator);
        var size = model.Metadata.InputShape.Aggregate(1, (product, d) => product * d);
        var pixels = inputs.flatten().data<float>().ToArray();
        var logits = new double[8 * model.OutputCount];
        for (var n = 0; n < 8; n++)
        {
            model.ComputeLogits(pixels.AsSpan(n * size, size), logits.AsSpan(n * model.OutputCount, model.OutputCount));
            var prediction = model.Predict(pixels.AsSpan(n * size, size));
            Assert.Equal(logits.AsSpan(n * model.OutputCount, model.OutputCount).ToArray().Index().MaxBy(p => p.Item).Index, prediction.Label);
            Assert.True(prediction.CertifiedRadius >= 0);
        }

        using var expected = tensor(logits, [8, model.OutputCount]);
        using var narrow = OnnxRunner.Run(File.ReadAllBytes(Path.Combine(folder, "m.onnx")), inputs, OnnxPrecision.Float32);
        using var wide = OnnxRunner.Run(File.ReadAllBytes(Path.Combine(folder, "m.float64.onnx")), inputs, OnnxPrecision.Float64);
        Assert.InRange(OnnxRunner.RelativeError(narrow, expected), 0, 1e-5);
        Assert.InRange(OnnxRunner.RelativeError(wide, expected), 0, 1e-12);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
