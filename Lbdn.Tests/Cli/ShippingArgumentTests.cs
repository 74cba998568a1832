using Lbdn.Export;
using Lbdn.Tests.Inference;

namespace Lbdn.Tests.Cli;

/// <summary>export and pack reject bad input with one line naming the problem: exit 2 for arguments and unusable output folders, 1 for a file that is not a model.</summary>
[Integration]
public sealed class ShippingArgumentTests : IDisposable
{
    private const string Model = "model.safetensors";
    private readonly string folder = Directory.CreateTempSubdirectory("lbdn-ship-args-").FullName;

    public ShippingArgumentTests()
    {
        using var network = InferenceModels.MnistSandwich(seed: 1);
        FrozenModelWriter.Write(network, Path.Combine(this.folder, Model), "MnistSandwich");
    }

    [Theory]
    [InlineData("pack --id 1Bad --class C --version 1.0.0 --out feed", "--id '1Bad' must be dot-separated C# identifiers")]
    [InlineData("pack --id A..B --class C --version 1.0.0 --out feed", "--id 'A..B' must be dot-separated C# identifiers")]
    [InlineData("pack --id A.B --class class --version 1.0.0 --out feed", "--class 'class' must be a C# identifier")]
    [InlineData("pack --id A.B --class C --version 1.0 --out feed", "--version '1.0' must be X.Y.Z")]
    [InlineData("pack --id A.B --class C --version 1.0.0 --out feed --model missing.safetensors", "model file 'missing.safetensors' does not exist")]
    [InlineData("pack --id A.B --class C --version 1.0.0 --out feed --network mnist-sandwich --model missing.bin", "model file 'missing.bin' does not exist; train it with: lbdn train --network mnist-sandwich.")]
    [InlineData("pack --id A.B --class C --version 1.0.0 --out feed --network resnet", "unknown network 'resnet'; valid names:")]
    [InlineData("pack --id A.B --class C --version 1.0.0 --out feed", "--network is required unless --model is a frozen-model file (.safetensors)")]
    [InlineData("pack --id A.B --class C --version 1.0.0 --out feed --certified missing.json", "--certified file 'missing.json' does not exist")]
    [InlineData("export --onnx m.onnx --precision half", "unknown precision 'half'; valid names: float32, float64, both.")]
    [InlineData("export --onnx m.txt", "--onnx must name a .onnx file, got 'm.txt'.")]
    [InlineData("export --onnx m.onnx --network mnist-mlp", "network 'mnist-mlp' has no Lipschitz bound")]
    [InlineData("export --onnx m.onnx --model model.safetensors --dataset cifar", "unknown data set 'cifar'; valid names: mnist, fashion-mnist.")]
    public void Rejects(string arguments, string message)
    {
        var (exitCode, output, error) = LbdnProcess.Run(this.folder, arguments.Split(' '));

        Assert.True(exitCode == 2, $"exit {exitCode}: {output} {error}");
        Assert.Contains(message, error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(Path.Combine(this.folder, "feed")));
    }

    [Fact]
    public void Pack_refuses_with_exit_2_an_output_folder_that_cannot_be_created()
    {
        File.WriteAllText(Path.Combine(this.folder, "taken"), "a file, not a folder");

        var (exitCode, _, error) = LbdnProcess.Run(this.folder,
            "pack", "--model", Model, "--id", "A.B", "--class", "C", "--version", "1.0.0", "--out", "taken/feed");

        Assert.Equal(2, exitCode);
        Assert.Contains("lbdn pack: cannot write to --out 'taken/feed'", error);
    }

    [Fact]
    public void Pack_refuses_with_exit_2_an_output_that_is_a_file()
    {
        File.WriteAllText(Path.Combine(this.folder, "feed.txt"), "a file, not a folder");

        var (exitCode, _, error) = LbdnProcess.Run(this.folder,
            "pack", "--model", Model, "--id", "A.B", "--class", "C", "--version", "1.0.0", "--out", "feed.txt");

        Assert.Equal(2, exitCode);
        Assert.Contains("--out 'feed.txt' is a file", error);
    }

    [Fact]
    public void Pack_refuses_a_file_that_is_not_a_frozen_model()
    {
        File.WriteAllText(Path.Combine(this.folder, "junk.safetensors"), "not safetensors");

        var (exitCode, _, error) = LbdnProcess.Run(this.folder,
            "pack", "--model", "junk.safetensors", "--id", "A.B", "--class", "C", "--version", "1.0.0", "--out", "feed");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("lbdn pack: cannot ship 'junk.safetensors':", error);
    }

    public void Dispose() => Directory.Delete(this.folder, recursive: true);
}
