using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Lbdn.Tests.Cli;

/// <summary>train, freeze and plot on tiny inputs: the files they write and how they resume.</summary>
[Integration]
public sealed class CliWorkflowTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G'];
    private readonly string folder = Directory.CreateTempSubdirectory("lbdn-cli-flow-").FullName;

    [Fact]
    public void Train_writes_model_and_history_resumes_from_its_checkpoint_and_freeze_writes_weights_and_manifest()
    {
        string[] train = ["train", "--network", "mnist-sandwich", "--epochs", "2", "--train-limit", "300", "--checkpoint", "run.ckpt", "--json"];

        var first = LbdnProcess.Run(this.folder, train);
        var resumed = LbdnProcess.Run(this.folder, train);
        var otherOptions = LbdnProcess.Run(this.folder, [.. train.Select(a => a == "2" ? "3" : a)]);
        var otherData = LbdnProcess.Run(this.folder, [.. train.Select(a => a == "300" ? "400" : a)]);
        var otherNetwork = LbdnProcess.Run(this.folder, [.. train.Select(a => a == "mnist-sandwich" ? "mnist-locallip" : a), "--out", "other.bin"]);
        var frozen = LbdnProcess.Run(this.folder, "freeze", "--network", "mnist-sandwich");

        Assert.True(first.ExitCode == 0, first.Error);
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(this.folder, "runs", "mnist-sandwich.history.json")));
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
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(this.folder, "runs", "mnist-sandwich.frozen.json")));
        Assert.Equal("mnist-sandwich", manifest.RootElement.GetProperty("Network").GetString());
        Assert.Equal(1.0, manifest.RootElement.GetProperty("LipschitzBound").GetDouble());
        Assert.True(new FileInfo(Path.Combine(this.folder, "runs", "mnist-sandwich.frozen.bin")).Length > 100_000);
        Assert.Empty(Directory.GetFiles(Path.Combine(this.folder, "runs"), "*.tmp-*"));
    }

    [Fact]
    public void Certify_with_layers_reports_every_stage_with_its_varying_neurons_and_local_bound()
    {
        var trained = LbdnProcess.Run(this.folder, "train", "--network", "mnist-sandwich-clipped", "--epochs", "1", "--train-limit", "300", "--out", "c.bin", "--json");
        var certified = LbdnProcess.Run(
            this.folder, "certify", "--network", "mnist-sandwich-clipped", "--model", "c.bin", "--limit", "20", "--radii", "0.5", "1.58",
            "--pgd-steps", "2", "--pgd-restarts", "1", "--out", "c.json", "--layers", "--json");

        Assert.True(trained.ExitCode == 0, trained.Error);
        Assert.True(certified.ExitCode == 0, certified.Error);
        using var report = JsonDocument.Parse(certified.Output);
        var layers = report.RootElement.GetProperty("Layers");
        Assert.Equal(2, layers.GetArrayLength());
        foreach (var radius in layers.EnumerateArray())
        {
            Assert.Equal(20, radius.GetProperty("Images").GetInt32());
            var neurons = radius.GetProperty("Stages").EnumerateArray().Select(stage => stage.GetProperty("Neurons").GetInt64()).Where(n => n > 0);
            Assert.Equal([190L, 190L, 128L], neurons);
            Assert.All(radius.GetProperty("Stages").EnumerateArray(), stage =>
                Assert.InRange(stage.GetProperty("MaxLocal").GetDouble(), 0, stage.GetProperty("GlobalBound").GetDouble()));
        }
    }

    [Fact]
    public void Gamma_rescales_the_declared_network_so_that_the_trained_and_frozen_bound_is_gamma()
    {
        var trained = LbdnProcess.Run(this.folder, "train", "--gamma", "2.5", "--epochs", "1", "--train-limit", "200", "--out", "g.bin", "--json");
        var wrongGamma = LbdnProcess.Run(this.folder, "freeze", "--network", "mnist-sandwich", "--model", "g.bin", "--out", "x.bin");
        var frozen = LbdnProcess.Run(this.folder, "freeze", "--network", "mnist-sandwich", "--gamma", "2.5", "--model", "g.bin", "--out", "g.frozen.bin");

        Assert.True(trained.ExitCode == 0, trained.Error);
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(this.folder, "g.history.json")));
        Assert.Equal(2.5, history.RootElement.GetProperty("LipschitzBound").GetDouble());
        Assert.Equal(2, wrongGamma.ExitCode);
        Assert.Contains("'g.bin' holds another network than mnist-sandwich", wrongGamma.Error);
        Assert.True(frozen.ExitCode == 0, frozen.Error);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(this.folder, "g.frozen.json")));
        Assert.Equal(2.5, manifest.RootElement.GetProperty("LipschitzBound").GetDouble());
    }

    [Fact]
    public void A_model_of_another_network_is_a_usage_error_and_a_truncated_one_a_failure_in_certify_and_freeze_alike()
    {
        var trained = LbdnProcess.Run(this.folder, "train", "--gamma", "2.5", "--epochs", "1", "--train-limit", "200", "--out", "g.bin", "--json");
        var bytes = File.ReadAllBytes(Path.Combine(this.folder, "g.bin"));
        File.WriteAllBytes(Path.Combine(this.folder, "cut.bin"), bytes[..(bytes.Length / 2)]);

        var certifyOther = LbdnProcess.Run(this.folder, "certify", "--model", "g.bin", "--limit", "10");
        var freezeOther = LbdnProcess.Run(this.folder, "freeze", "--model", "g.bin", "--out", "x.bin");
        var certifyCut = LbdnProcess.Run(this.folder, "certify", "--gamma", "2.5", "--model", "cut.bin", "--limit", "10");
        var freezeCut = LbdnProcess.Run(this.folder, "freeze", "--gamma", "2.5", "--model", "cut.bin", "--out", "x.bin");

        Assert.True(trained.ExitCode == 0, trained.Error);
        foreach (var (command, other) in new[] { ("certify", certifyOther), ("freeze", freezeOther) })
        {
            Assert.Equal(2, other.ExitCode);
            Assert.Contains($"lbdn {command}: 'g.bin' holds another network than mnist-sandwich", other.Error);
            Assert.Contains("pass the --network and --gamma it was trained with", other.Error);
        }

        foreach (var (command, cut) in new[] { ("certify", certifyCut), ("freeze", freezeCut) })
        {
            Assert.Equal(1, cut.ExitCode);
            Assert.Contains($"lbdn {command}: 'cut.bin' is not a complete model file", cut.Error);
            Assert.DoesNotContain("--network", cut.Error);
        }
    }

    [Fact]
    public void When_the_model_cannot_be_written_at_the_end_it_is_saved_next_to_the_checkpoint_and_the_exit_code_says_so()
    {
        Directory.CreateDirectory(Path.Combine(this.folder, "out"));
        using var process = LbdnProcess.Start(this.folder,
            "train", "--epochs", "2", "--train-limit", "5000", "--checkpoint", "keep/run.ckpt", "--out", "out/m.bin", "--json");
        WaitFor(Path.Combine(this.folder, "keep", "run.ckpt"));
        Directory.CreateDirectory(Path.Combine(this.folder, "out", "m.bin"));     // --out became a folder during training

        var (exitCode, output, error) = LbdnProcess.Finish(process);

        Assert.Equal(1, exitCode);
        Assert.Contains("lbdn train: cannot write 'out/m.bin'", error);
        Assert.Contains($"saved it to '{Path.Combine(this.folder, "keep", "m.bin")}' instead.", error);
        Assert.True(new FileInfo(Path.Combine(this.folder, "keep", "m.bin")).Length > 100_000);
        Assert.True(File.Exists(Path.Combine(this.folder, "keep", "m.history.json")));
        Assert.DoesNotContain("   at ", error);
        Assert.Contains("\"Model\":", output);
    }

    [Fact]
    public void Ctrl_C_ends_training_with_exit_code_130_and_one_line()
    {
        using var process = LbdnProcess.Start(this.folder, "train", "--epochs", "50", "--train-limit", "2000", "--checkpoint", "run.ckpt", "--json");
        WaitFor(Path.Combine(this.folder, "run.ckpt"));
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        var (exitCode, _, error) = LbdnProcess.Finish(process);

        Assert.Equal(130, exitCode);
        Assert.Equal("lbdn train: interrupted.", error.TrimEnd());
    }

    [Fact]
    public void Mnist_quick_writes_its_own_files_labels_sample_sizes_and_prints_plain_unwrapped_text_when_piped()
    {
        var runs = Directory.CreateDirectory(Path.Combine(this.folder, "runs")).FullName;
        string[] full = ["mnist-sandwich.bin", "mnist-sandwich.history.json", "mnist-sandwich.certified.json", "mnist-sandwich.certified.png"];
        foreach (var name in full)
        {
            File.WriteAllText(Path.Combine(runs, name), "the full run");
        }

        var (exitCode, output, error) = LbdnProcess.Run(this.folder, "mnist", "--quick");

        Assert.True(exitCode == 0, error);
        Assert.All(full, name => Assert.Equal("the full run", File.ReadAllText(Path.Combine(runs, name))));
        Assert.All(["mnist-sandwich.quick.bin", "mnist-sandwich.quick.history.json", "mnist-sandwich.quick.certified.json", "mnist-sandwich.quick.certified.png"],
            name => Assert.True(File.Exists(Path.Combine(runs, name)), name));
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains(output.Split('\n'), line => line.Contains("trained on 5000 mnist images: test accuracy") && line.Contains("(10000 images), Lipschitz bound 1,"));
        Assert.Contains("test accuracy (10000 images)", output);
        Assert.Contains("mnist-sandwich: Lipschitz bound 1, 100 test images", output);
    }

    [Fact]
    public void No_color_on_a_terminal_writes_no_styling_escape_codes()
    {
        var (exitCode, terminal) = LbdnProcess.RunInTerminal(this.folder, new Dictionary<string, string> { ["NO_COLOR"] = "1" },
            "train", "--epochs", "1", "--train-limit", "300", "--out", "t.bin");

        Assert.True(exitCode == 0, terminal);
        Assert.Contains("mnist-sandwich trained on 300 mnist images", terminal);
        Assert.DoesNotMatch(@"\u001b\[[0-9;]*m", terminal);
    }

    // Polls for a file another process writes (a checkpoint after its first epoch).
    private static void WaitFor(string path)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"{path} did not appear");
            Thread.Sleep(20);
        }
    }

    [Fact]
    public void Toy_plots_the_fitted_function()
    {
        var toy = LbdnProcess.Run(this.folder, "toy", "--quick", "--json", "--plot", "toy.png");

        Assert.True(toy.ExitCode == 0, toy.Error);
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(this.folder, "toy.png")).Take(4));
    }

    [Fact]
    public void Plot_draws_training_curves_and_certified_accuracy_as_PNG()
    {
        File.WriteAllText(Path.Combine(this.folder, "h.history.json"), """
            {"Network":"mnist-sandwich","Dataset":"mnist","LipschitzBound":1,"Loss":"offset-ce","TrainCount":60000,"Epochs":[
              {"Epoch":1,"TrainLoss":4.9,"TestLoss":3.2,"TestAccuracy":0.93,"LearningRate":0.005,"Seconds":12},
              {"Epoch":2,"TrainLoss":2.9,"TestLoss":2.6,"TestAccuracy":0.95,"LearningRate":0.01,"Seconds":11}]}
            """);
        File.WriteAllText(Path.Combine(this.folder, "radii.json"), """
            [{"Radius":0,"CleanAccuracy":0.97,"CertifiedGlobal":0.97,"CertifiedLocal":0.97,"PgdAccuracy":0.97},
             {"Radius":1.58,"CleanAccuracy":0.97,"CertifiedGlobal":0.4,"CertifiedLocal":0.47,"PgdAccuracy":0.7}]
            """);

        var history = LbdnProcess.Run(this.folder, "plot", "history", "h.history.json");
        var certified = LbdnProcess.Run(this.folder, "plot", "certified", "radii.json", "--out", "charts/radii.png", "--title", "test");

        Assert.True(history.ExitCode == 0, history.Error);
        Assert.True(certified.ExitCode == 0, certified.Error);
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(this.folder, "h.history.png")).Take(4));
        Assert.Equal(PngSignature, File.ReadAllBytes(Path.Combine(this.folder, "charts", "radii.png")).Take(4));
    }

    private static string Epochs(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Run").GetProperty("Epochs").ToString();
    }

    public void Dispose() => Directory.Delete(this.folder, recursive: true);
}
