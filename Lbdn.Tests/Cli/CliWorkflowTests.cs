using System.Text.Json;

namespace Lbdn.Tests.Cli;

/// <summary>train, freeze and plot on tiny inputs: the files they write and how they resume.</summary>
public sealed class CliWorkflowTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G'];
    private readonly string _folder = Directory.CreateTempSubdirectory("lbdn-cli-flow-").FullName;

    [Fact]
    public void Train_writes_model_and_history_resumes_from_its_checkpoint_and_freeze_writes_weights_and_manifest()
    {
        string[] train = ["train", "--network", "mnist-sandwich", "--epochs", "2", "--train-limit", "300", "--checkpoint", "run.ckpt", "--json"];

        var first = LbdnProcess.Run(_folder, train);
        var resumed = LbdnProcess.Run(_folder, train);
        var otherOptions = LbdnProcess.Run(_folder, [.. train.Select(a => a == "2" ? "3" : a)]);
        var otherData = LbdnProcess.Run(_folder, [.. train.Select(a => a == "300" ? "400" : a)]);
        var otherNetwork = LbdnProcess.Run(_folder, [.. train.Select(a => a == "mnist-sandwich" ? "mnist-locallip" : a), "--out", "other.bin"]);
        var frozen = LbdnProcess.Run(_folder, "freeze", "--network", "mnist-sandwich");

        Assert.True(first.ExitCode == 0, first.Error);
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "runs", "mnist-sandwich.history.json")));
        Assert.Equal(2, history.RootElement.GetProperty("Epochs").GetArrayLength());
        Assert.Equal(1.0, history.RootElement.GetProperty("LipschitzBound").GetDouble());
        Assert.Equal(300, history.RootElement.GetProperty("TrainCount").GetInt64());
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(Epochs(first.Output), Epochs(resumed.Output));
        Assert.Equal(2, otherOptions.ExitCode);
        Assert.Contains("cannot resume from 'run.ckpt'", otherOptions.Error);
        Assert.Equal(2, otherData.ExitCode);
        Assert.Contains("It was trained on 300 images, this run uses 400.", otherData.Error);
        Assert.Equal(2, otherNetwork.ExitCode);
        Assert.Contains("cannot resume from 'run.ckpt'", otherNetwork.Error);
        Assert.True(frozen.ExitCode == 0, frozen.Error);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "runs", "mnist-sandwich.frozen.json")));
        Assert.Equal("mnist-sandwich", manifest.RootElement.GetProperty("Network").GetString());
        Assert.Equal(1.0, manifest.RootElement.GetProperty("LipschitzBound").GetDouble());
        Assert.True(new FileInfo(Path.Combine(_folder, "runs", "mnist-sandwich.frozen.bin")).Length > 100_000);
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder, "runs"), "*.tmp-*"));
    }

    [Fact]
    public void Gamma_rescales_the_declared_network_so_that_the_trained_and_frozen_bound_is_gamma()
    {
        var trained = LbdnProcess.Run(_folder, "train", "--gamma", "2.5", "--epochs", "1", "--train-limit", "200", "--out", "g.bin", "--json");
        var wrongGamma = LbdnProcess.Run(_folder, "freeze", "--network", "mnist-sandwich", "--model", "g.bin", "--out", "x.bin");
        var frozen = LbdnProcess.Run(_folder, "freeze", "--network", "mnist-sandwich", "--gamma", "2.5", "--model", "g.bin", "--out", "g.frozen.bin");

        Assert.True(trained.ExitCode == 0, trained.Error);
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "g.history.json")));
        Assert.Equal(2.5, history.RootElement.GetProperty("LipschitzBound").GetDouble());
        Assert.Equal(2, wrongGamma.ExitCode);
        Assert.Contains("does not hold the weights of mnist-sandwich", wrongGamma.Error);
        Assert.True(frozen.ExitCode == 0, frozen.Error);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "g.frozen.json")));
        Assert.Equal(2.5, manifest.RootElement.GetProperty("LipschitzBound").GetDouble());
    }

    [Fact]
    public void Toy_plots_the_fitted_function()
    {
        var toy = LbdnProcess.Run(_folder, "toy", "--quick", "--json", "--plot", "toy.png");

        Assert.True(toy.ExitCode == 0, toy.Error);
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(_folder, "toy.png")).Take(4));
    }

    [Fact]
    public void Plot_draws_training_curves_and_certified_accuracy_as_PNG()
    {
        File.WriteAllText(Path.Combine(_folder, "h.history.json"), """
            {"Network":"mnist-sandwich","Dataset":"mnist","LipschitzBound":1,"Loss":"offset-ce","TrainCount":60000,"Epochs":[
              {"Epoch":1,"TrainLoss":4.9,"TestLoss":3.2,"TestAccuracy":0.93,"LearningRate":0.005,"Seconds":12},
              {"Epoch":2,"TrainLoss":2.9,"TestLoss":2.6,"TestAccuracy":0.95,"LearningRate":0.01,"Seconds":11}]}
            """);
        File.WriteAllText(Path.Combine(_folder, "radii.json"), """
            [{"Radius":0,"CleanAccuracy":0.97,"CertifiedGlobal":0.97,"CertifiedLocal":0.97,"PgdAccuracy":0.97},
             {"Radius":1.58,"CleanAccuracy":0.97,"CertifiedGlobal":0.4,"CertifiedLocal":0.47,"PgdAccuracy":0.7}]
            """);

        var history = LbdnProcess.Run(_folder, "plot", "history", "h.history.json");
        var certified = LbdnProcess.Run(_folder, "plot", "certified", "radii.json", "--out", "charts/radii.png", "--title", "test");

        Assert.True(history.ExitCode == 0, history.Error);
        Assert.True(certified.ExitCode == 0, certified.Error);
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(_folder, "h.history.png")).Take(4));
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(_folder, "charts", "radii.png")).Take(4));
    }

    private static string Epochs(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Run").GetProperty("Epochs").ToString();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
