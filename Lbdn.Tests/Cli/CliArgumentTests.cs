namespace Lbdn.Tests.Cli;

/// <summary>Bad arguments end with exit code 2 and a message naming the problem and the valid choices.</summary>
public sealed class CliArgumentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lbdn-cli-args-").FullName;

    [Theory]
    [InlineData("train --network resnet", "unknown network 'resnet'; valid names: mnist-sandwich, mnist-locallip, mnist-sandwich-clipped, mnist-conv, mnist-mlp.")]
    [InlineData("train --dataset cifar", "unknown dataset 'cifar'; valid names: mnist, fashion-mnist.")]
    [InlineData("train --loss hinge", "unknown loss 'hinge'; valid names: offset-ce, multi-margin, ce, local-lip.")]
    [InlineData("train --epochs 0", "--epochs and --batch-size must be at least 1, got 0 and 256.")]
    [InlineData("train --lr -1", "--lr must be positive and finite, got -1.")]
    [InlineData("train --gamma 0", "--gamma must be positive and finite, got 0.")]
    [InlineData("train --network mnist-mlp --gamma 2", "network 'mnist-mlp' has no Lipschitz bound, so --gamma does not apply to it.")]
    [InlineData("train --train-limit 0", "--train-limit must be at least 1, got 0.")]
    [InlineData("train --threads 0", "--threads must be at least 1, got 0.")]
    [InlineData("freeze --network resnet", "unknown network 'resnet'; valid names:")]
    [InlineData("freeze --network mnist-mlp", "network 'mnist-mlp' has no Lipschitz bound, so there is nothing to freeze.")]
    [InlineData("freeze --network mnist-sandwich --model missing.bin", "model file 'missing.bin' does not exist; train it with: lbdn train --network mnist-sandwich.")]
    [InlineData("plot history missing.json", "input file 'missing.json' does not exist.")]
    [InlineData("plot certified a.json b.json", "takes 1 input file, got 2.")]
    public void Rejects(string arguments, string message)
    {
        var (exitCode, _, error) = LbdnProcess.Run(_folder, arguments.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_a_list_of_radius_rows()
    {
        File.WriteAllText(Path.Combine(_folder, "rows.json"), """{"Radius": 1}""");

        var (exitCode, _, error) = LbdnProcess.Run(_folder, "plot", "certified", "rows.json");

        Assert.Equal(2, exitCode);
        Assert.Contains("'rows.json' is not a list of {Radius, CleanAccuracy, CertifiedGlobal, CertifiedLocal, PgdAccuracy}", error);
        Assert.False(File.Exists(Path.Combine(_folder, "rows.png")));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
