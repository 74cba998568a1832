namespace Lbdn.Tests.Cli;

/// <summary>Bad arguments end with exit code 2 and a message naming the problem and the valid choices.</summary>
[Integration]
public sealed class CliArgumentTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lbdn-cli-args-").FullName;

    [Theory]
    [InlineData("train --network resnet", "unknown network 'resnet'; valid names: mnist-sandwich, mnist-locallip, mnist-sandwich-clipped, mnist-conv, mnist-aol, mnist-sll, mnist-sll-conv, mnist-mlp.")]
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
        var (exitCode, _, error) = LbdnProcess.Run(this.folder, arguments.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error);
    }

    [Fact]
    public void Rejects_a_file_that_is_not_a_list_of_radius_rows()
    {
        File.WriteAllText(Path.Combine(this.folder, "rows.json"), """{"Radius": 1}""");

        var (exitCode, _, error) = LbdnProcess.Run(this.folder, "plot", "certified", "rows.json");

        Assert.Equal(2, exitCode);
        Assert.Contains("'rows.json' is not a list of {Radius, CleanAccuracy, CertifiedGlobal, CertifiedLocal, PgdAccuracy}", error);
        Assert.False(File.Exists(Path.Combine(this.folder, "rows.png")));
    }

    [Theory]
    [InlineData("certify --radii abc", "lbdn certify: Cannot parse argument 'abc' for option '--radii' as a number. See 'lbdn certify --help'.")]
    [InlineData("train --epochs many", "lbdn train: Cannot parse argument 'many' for option '--epochs' as an integer. See 'lbdn train --help'.")]
    [InlineData("train --bogus", "lbdn train: unknown command, option or argument '--bogus'. See 'lbdn train --help'.")]
    [InlineData("bogus", "lbdn: unknown command, option or argument 'bogus'. See 'lbdn --help'.")]
    [InlineData("plot", "lbdn plot: give a command: history, certified. See 'lbdn plot --help'.")]
    [InlineData("certify --threads 0", "lbdn certify: --threads must be at least 1, got 0. See 'lbdn certify --help'.")]
    [InlineData("toy --layer lstm", "lbdn toy: unknown --layer 'lstm'; valid: sandwich, orthogonal, aol, sll.")]
    [InlineData("toy --seeds 0", "lbdn toy: --epochs and --seeds must be positive and every --gamma positive and finite.")]
    public void Usage_errors_print_one_line_and_a_pointer_to_help_not_the_help_and_exit_with_2(string arguments, string message)
    {
        var (exitCode, output, error) = LbdnProcess.Run(this.folder, arguments.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Equal(message, error.TrimEnd());
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("train --quick --out adir", "lbdn train: --out: 'adir' is a folder; give a file name inside it.")]
    [InlineData("train --quick --out /proc/m.bin", "lbdn train: --out: nothing can be created in '/proc'")]
    [InlineData("train --quick --out afile/m.bin", "afile' is a file, so 'afile/m.bin' cannot be created under it.")]
    [InlineData("train --quick --out taken.bin", "lbdn train: the history file of --out: 'taken.history.json' is a folder; give a file name inside it.")]
    [InlineData("train --quick --checkpoint adir", "lbdn train: --checkpoint: 'adir' is a folder")]
    [InlineData("certify --out /proc/rows.json", "lbdn certify: --out: nothing can be created in '/proc'")]
    [InlineData("freeze --out adir", "lbdn freeze: --out: 'adir' is a folder")]
    [InlineData("plot certified rows.json --out adir", "lbdn plot certified: --out: 'adir' is a folder")]
    [InlineData("toy --quick --plot /proc/toy.png", "lbdn toy: --plot: nothing can be created in '/proc'")]
    [InlineData("mnist --quick --out /proc/m.bin", "lbdn mnist: --out: nothing can be created in '/proc'")]
    [InlineData("mnist --quick --out afile", "lbdn mnist: the plot of --out: 'afile.certified.png' is a folder")]
    public void An_unusable_output_path_is_a_usage_error_before_any_work_starts(string arguments, string message)
    {
        Directory.CreateDirectory(Path.Combine(this.folder, "adir"));
        Directory.CreateDirectory(Path.Combine(this.folder, "taken.history.json"));
        Directory.CreateDirectory(Path.Combine(this.folder, "afile.certified.png"));
        File.WriteAllText(Path.Combine(this.folder, "afile"), "not a folder");

        var (exitCode, _, error) = LbdnProcess.Run(this.folder, arguments.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(this.folder, "runs")));
    }

    [Fact]
    public void A_truncated_or_corrupt_model_file_is_a_failure_named_as_such_in_certify_and_freeze()
    {
        var garbage = new byte[4096];
        new Random(1).NextBytes(garbage);
        File.WriteAllBytes(Path.Combine(this.folder, "garbage.bin"), garbage);

        var certify = LbdnProcess.Run(this.folder, "certify", "--model", "garbage.bin", "--limit", "10");
        var freeze = LbdnProcess.Run(this.folder, "freeze", "--model", "garbage.bin", "--out", "frozen.bin");

        Assert.Equal(1, certify.ExitCode);
        Assert.Contains("lbdn certify: 'garbage.bin' is not a complete model file", certify.Error);
        Assert.Contains("it is truncated or corrupt", certify.Error);
        Assert.Equal(1, freeze.ExitCode);
        Assert.Contains("lbdn freeze: 'garbage.bin' is not a complete model file", freeze.Error);
        Assert.DoesNotContain("--network", freeze.Error);
    }

    [Fact]
    public void Help_documents_the_data_folder_the_defaults_and_every_command_is_in_the_readme()
    {
        var certify = LbdnProcess.Run(this.folder, "certify", "--help");
        var freeze = LbdnProcess.Run(this.folder, "freeze");
        var plot = LbdnProcess.Run(this.folder, "plot", "history", "--help");
        var mnist = LbdnProcess.Run(this.folder, "mnist", "--help");
        var root = LbdnProcess.Run(this.folder, "--help");
        var readme = File.ReadAllText(Path.Combine(Lbdn.Tests.Packaging.DotnetCli.RepositoryRoot(), "samples", "Lbdn.Cli", "README.md"));
        var commands = root.Output[root.Output.IndexOf("Commands:", StringComparison.Ordinal)..]
            .Split('\n').Skip(1).Select(line => line.Trim().Split(' ')[0]).Where(name => name.Length > 0).ToList();

        Assert.Contains("LBDN_DATA", certify.Output);
        Assert.Equal(2, freeze.ExitCode);
        Assert.Contains("model file 'runs/mnist-sandwich.bin' does not exist", freeze.Error);
        Assert.Contains("History files written by lbdn train", plot.Output);
        Assert.Contains(mnist.Output.Split('\n'), line => line.Contains("--limit") && line.Contains("[default: 10000]"));
        Assert.Contains("certify", commands);
        Assert.All(commands, name => Assert.Contains($"| `{name}", readme));
    }

    public void Dispose() => Directory.Delete(this.folder, recursive: true);
}
