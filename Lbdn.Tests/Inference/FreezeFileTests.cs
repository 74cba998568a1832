using Lbdn.Inference;
using Lbdn.Layers;
using Lbdn.Tests.Cli;
using static TorchSharp.torch;

namespace Lbdn.Tests.Inference;

/// <summary><c>lbdn freeze</c> writes a frozen-model file that Lbdn.Inference runs like the TorchSharp network it loads into.</summary>
[Integration]
public sealed class FreezeFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lbdn-freeze-file-").FullName;

    [Theory]
    [InlineData("mnist-sandwich", "MnistSandwich")]
    [InlineData("mnist-conv", "MnistConv")]
    public void Freeze_writes_a_safetensors_file_with_the_certification_table_that_inference_runs(string network, string declaration)
    {
        File.WriteAllText(Path.Combine(folder, "rows.json"),
            """[{"Radius":0.5,"CleanAccuracy":0.9,"CertifiedGlobal":0.6,"CertifiedLocal":0.7,"PgdAccuracy":0.8}]""");
        var trained = LbdnProcess.Run(folder, "train", "--network", network, "--epochs", "1", "--train-limit", "200", "--json");
        var frozen = LbdnProcess.Run(folder, "freeze", "--network", network, "--certified", "rows.json");
        var missing = LbdnProcess.Run(folder, "freeze", "--network", network, "--certified", "absent.json");

        Assert.True(trained.ExitCode == 0, trained.Error);
        Assert.True(frozen.ExitCode == 0, frozen.Error);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--certified file 'absent.json' does not exist", missing.Error);
        var path = Path.Combine(folder, "runs", network + ".frozen.safetensors");
        var model = LbdnModel.Load(path);
        Assert.Equal(declaration, model.Metadata.Name);
        Assert.Equal(1.0, model.LipschitzBound);
        Assert.Equal(new CertificationRow(0.5, 0.9, 0.6, 0.7, 0.8), Assert.Single(model.Metadata.Certification!.Rows));
        Assert.Equal("0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", model.Metadata.Certification.DatasetSha256);

        using var torchModel = FrozenNetwork.Load(path, ScalarType.Float32);
        using var test = Lbdn.Data.Dataset.Load(Lbdn.Data.DatasetName.Mnist, Lbdn.Data.DatasetSplit.Test, flatten: model.InputShape.Length == 1);
        using var images = test.Images.narrow(0, 0, 50);
        using var _ = no_grad();
        using var logits = torchModel.call(images).to_type(ScalarType.Float64);
        for (var s = 0; s < 50; s++)
        {
            var prediction = model.Predict(InferenceModels.Row(images, s));
            var expected = logits[s].data<double>().ToArray();
            Assert.True(InferenceModels.RelativeDifference([.. prediction.Logits.Select(v => (double)v)], expected) < 1e-5);
            Assert.Equal(expected.Index().MaxBy(p => p.Item).Index, prediction.Label);
        }
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
