using Lbdn.Cli.Certification;
using Lbdn.Cli.Hosting;
using Lbdn.Cli.Plotting;
using Spectre.Console;

namespace Lbdn.Cli;

/// <summary>
/// <c>lbdn mnist --recipe local-lip</c>: trains the best Local-Lip network found (the sandwich network with clipped ReLUs,
/// Local-Lip objective at eps = 1.58 with the sparsity loss), then certifies the full test set at eps 0.5, 1.0, 1.58 with
/// the global and the local certificates side by side, PGD and the stable-neuron fraction.
/// Writes runs/mnist-local-lip.bin (runs/mnist-local-lip.quick.bin with --quick, or --out), the .certified.json beside it and its plot.
/// </summary>
internal static class LocalLipRecipe
{
    /// <summary>The value of --recipe.</summary>
    public const string Name = "local-lip";

    /// <summary>The network trained.</summary>
    public const string Network = "mnist-sandwich-clipped";

    /// <summary>Epochs of the full run.</summary>
    public const int Epochs = 8;

    /// <summary>Weight of the sparsity loss unless --sparsity says otherwise.</summary>
    public const double Sparsity = LocalLipLoss.DefaultSparsity;

    /// <summary>The model file of the recipe: runs/mnist-local-lip.bin, runs/mnist-local-lip.quick.bin with --quick.</summary>
    public static string DefaultModel(bool quick) => quick ? "runs/mnist-local-lip.quick.bin" : "runs/mnist-local-lip.bin";
    private static readonly double[] Radii = [0.5, 1.0, 1.58];

    /// <summary>Trains with sparsity weight <paramref name="sparsity"/> and certifies; <paramref name="quick"/> is the CI mode (1 epoch on 5000 images, 100 certified images).</summary>
    public static int Run(int? epochs, long? limit, string? data, int seed, string model, bool quick, double sparsity = Sparsity)
    {
        var count = quick ? 100 : limit ?? 10000;
        var train = TrainCommand.Validate(
            Network, "mnist", data, quick ? 1 : epochs ?? Epochs, gamma: null, LocalLipLoss.Name, 0.01, 256, seed, checkpoint: null, model,
            quick ? 5000 : null, json: false, ClassificationLoss.TargetRadius, sparsity);
        var certify = CertifyCommand.Validate(
            Network, model, gamma: null, "mnist", data, Radii, count, quick ? 10 : 50, quick ? 1 : 3,
            Path.ChangeExtension(model, ".certified.json"), json: false, requireModel: false);
        if (train is null || certify is null)
        {
            return ExitCode.Usage;
        }

        var plot = Path.ChangeExtension(certify.OutputPath, ".png");
        if (OutputFile.Problem(plot) is { } problem)
        {
            Console.Error.WriteLine($"lbdn mnist: the plot of --out: {problem}.");
            return ExitCode.Usage;
        }

        AnsiConsole.MarkupLine($"[bold]1/3[/] training {Network} with the Local-Lip objective (eps = 1.58, sparsity {sparsity.ToString(System.Globalization.CultureInfo.InvariantCulture)}) for {train.Epochs} epoch(s)");
        var status = TrainCommand.Run(train);
        if (status != ExitCode.Ok)
        {
            return status;
        }

        AnsiConsole.MarkupLine($"[bold]2/3[/] certifying the first {count} test images at eps = {string.Join(", ", Radii)}, global and local bounds");
        status = Certifier.Run(certify);
        if (status != ExitCode.Ok)
        {
            return status;
        }

        var chart = Charts.CertifiedAccuracy(RadiusRow.ReadAll(certify.OutputPath), $"{Network} (Local-Lip) on MNIST, Lipschitz bound 1");
        var written = OutputFile.Save("mnist", plot, chart, OutputFile.FolderOf(model));
        if (written is null)
        {
            return ExitCode.Failure;
        }

        AnsiConsole.MarkupLineInterpolated($"[bold]3/3[/] plot written to [bold]{written}[/]");
        return written == plot ? ExitCode.Ok : ExitCode.Failure;
    }
}
