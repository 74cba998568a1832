using System.Text.Json;

namespace Lbdn.Tests.Cli;

/// <summary><c>lbdn train --loss local-lip</c>, <c>lbdn mnist --recipe local-lip --sparsity</c> and their usage errors.</summary>
[Integration]
public sealed class LocalLipCliTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lbdn-cli-locallip-").FullName;

    [Fact]
    public void Local_lip_trains_the_clipped_sandwich_network_and_refuses_what_it_cannot_train()
    {
        var trained = LbdnProcess.Run(folder, "train", "--network", "mnist-sandwich-clipped", "--loss", "local-lip", "--sparsity", "0.3", "--eps", "1.58", "--epochs", "1", "--train-limit", "300", "--json");
        var convolution = LbdnProcess.Run(folder, "train", "--network", "mnist-conv", "--loss", "local-lip");
        var negative = LbdnProcess.Run(folder, "train", "--network", "mnist-locallip", "--loss", "local-lip", "--sparsity", "-1");
        var recipe = LbdnProcess.Run(folder, "mnist", "--recipe", "gloro");
        var sparsityWithoutRecipe = LbdnProcess.Run(folder, "mnist", "--sparsity", "1");
        var negativeRecipe = LbdnProcess.Run(folder, "mnist", "--recipe", "local-lip", "--sparsity", "-1", "--quick");

        Assert.True(trained.ExitCode == 0, trained.Error);
        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "runs", "mnist-sandwich-clipped.history.json")));
        Assert.Equal("local-lip", history.RootElement.GetProperty("Loss").GetString());
        Assert.Equal(2, convolution.ExitCode);
        Assert.Contains("needs a dense Lipschitz network", convolution.Error);
        Assert.Equal(2, negative.ExitCode);
        Assert.Contains("--sparsity must be non-negative", negative.Error);
        Assert.Equal(2, recipe.ExitCode);
        Assert.Contains("unknown recipe 'gloro'", recipe.Error);
        Assert.Equal(2, sparsityWithoutRecipe.ExitCode);
        Assert.Contains("--sparsity applies to --recipe local-lip only", sparsityWithoutRecipe.Error);
        Assert.Equal(2, negativeRecipe.ExitCode);
        Assert.Contains("--sparsity must be non-negative", negativeRecipe.Error);
        Assert.False(File.Exists(Path.Combine(folder, "runs", "mnist-local-lip.quick.bin")));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
