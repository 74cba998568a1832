using System.CommandLine;
using Lbdn.Cli.Certification;
using Lbdn.Cli.Hosting;
using Lbdn.Cli.Plotting;
using Spectre.Console;

namespace Lbdn.Cli;

/// <summary>
/// <c>lbdn mnist</c>, the README's main job: trains the LBDN MNIST sandwich classifier (784-190-190-128-10, gamma 1, loss
/// aimed at eps = 1.58), certifies it on the whole test set at eps = 0.5, 1.0, 1.58 (clean, certified global and local, PGD
/// accuracy) and plots certified accuracy against the radius. --quick writes its own files (runs/mnist-sandwich.quick.*),
/// so it never replaces the results of a full run.
/// </summary>
internal static class MnistCommand
{
    private const string Network = "mnist-sandwich";

    private static readonly double[] Radii = [0.5, 1.0, 1.58];

    public static Command Create()
    {
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 5 };
        var limit = new Option<long>("--limit") { Description = "Test images to certify (the first N of 10000).", DefaultValueFactory = _ => 10000 };
        var data = new Option<string?>("--data") { Description = "Folder holding the MNIST IDX files; by default LBDN_DATA, the cache ~/.cache/lbdn, then download." };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation and shuffling.", DefaultValueFactory = _ => 1 };
        var threads = Threads.CreateOption();
        var output = new Option<string?>("--out")
        {
            Description = $"Model file; history, certified rows and plot are written beside it. runs/{Network}.bin by default, runs/{Network}.quick.bin with --quick (runs/mnist-local-lip[.quick].bin with --recipe local-lip).",
        };
        var quick = new Option<bool>("--quick") { Description = "CI mode: 1 epoch on 5000 images, 100 certified images, a short PGD; writes runs/mnist-sandwich.quick.*." };
        var recipe = new Option<string>("--recipe")
        {
            Description = $"lbdn (the sandwich network, offset loss) or {LocalLipRecipe.Name} (clipped sandwich, Local-Lip objective, full test set).",
            DefaultValueFactory = _ => "lbdn",
        };
        var sparsity = new Option<double?>("--sparsity")
        {
            Description = $"--recipe {LocalLipRecipe.Name} only: weight of the sparsity loss on the clipped thresholds (default {LocalLipRecipe.Sparsity}; 1 trades clean accuracy for local certificates far above the global ones).",
        };
        var command = new Command("mnist", "Train the MNIST sandwich classifier, certify it at eps 0.5, 1.0, 1.58 and plot the result.")
        {
            epochs, limit, data, seed, threads, output, quick, recipe, sparsity,
        };
        command.SetAction(result =>
        {
            var isQuick = result.GetValue(quick);
            if (result.GetValue(recipe) is var name && name != "lbdn")
            {
                return name != LocalLipRecipe.Name
                    ? Usage($"unknown recipe '{name}'; valid names: lbdn, {LocalLipRecipe.Name}.")
                    : LocalLipRecipe.Run(
                        result.GetResult(epochs) is { Implicit: false } ? result.GetValue(epochs) : null,
                        result.GetResult(limit) is { Implicit: false } ? result.GetValue(limit) : null,
                        result.GetValue(data), result.GetValue(seed), result.GetValue(output) ?? LocalLipRecipe.DefaultModel(isQuick), isQuick,
                        result.GetValue(sparsity) ?? LocalLipRecipe.Sparsity);
            }

            if (result.GetValue(sparsity) is not null)
            {
                return Usage($"--sparsity applies to --recipe {LocalLipRecipe.Name} only (the lbdn recipe trains the offset loss without a sparsity term).");
            }

            var model = result.GetValue(output) ?? Path.Combine("runs", isQuick ? $"{Network}.quick.bin" : $"{Network}.bin");
            return Run(isQuick ? 1 : result.GetValue(epochs), isQuick ? 100 : result.GetValue(limit), result.GetValue(data), result.GetValue(seed), model, isQuick);
        });
        return command;
    }

    private static int Usage(string error)
    {
        Console.Error.WriteLine($"lbdn mnist: {error}");
        return ExitCode.Usage;
    }

    private static int Run(int epochs, long limit, string? data, int seed, string model, bool quick)
    {
        var train = TrainCommand.Validate(
            Network, "mnist", data, epochs, gamma: null, "offset-ce", 0.01, 256, seed, checkpoint: null, model, quick ? 5000 : null, json: false);
        var rows = Path.ChangeExtension(model, ".certified.json");
        var certify = train is null ? null : CertifyCommand.Validate(
            Network, model, gamma: null, "mnist", data, Radii, limit, quick ? 10 : 50, quick ? 1 : 3, rows, json: false, requireModel: false);
        var plot = Path.ChangeExtension(rows, ".png");
        if (certify is not null && OutputFile.Problem(plot) is { } problem)
        {
            Console.Error.WriteLine($"lbdn mnist: the plot of --out: {problem}.");
            return ExitCode.Usage;
        }

        if (train is null || certify is null)
        {
            return ExitCode.Usage;
        }

        AnsiConsole.MarkupLine($"[bold]1/3[/] training {Network} for {epochs} epoch(s)");
        var status = TrainCommand.Run(train);
        if (status != ExitCode.Ok)
        {
            return status;
        }

        AnsiConsole.MarkupLine($"[bold]2/3[/] certifying the first {limit} test images at eps = {string.Join(", ", Radii)}");
        status = Certifier.Run(certify);
        if (status != ExitCode.Ok)
        {
            return status;
        }

        var chart = Charts.CertifiedAccuracy(RadiusRow.ReadAll(certify.OutputPath), $"{Network} on MNIST, Lipschitz bound 1");
        var written = OutputFile.Save("mnist", plot, chart, OutputFile.FolderOf(model));
        if (written is null)
        {
            return ExitCode.Failure;
        }

        AnsiConsole.MarkupLineInterpolated($"[bold]3/3[/] plot written to [bold]{written}[/]");
        return written == plot ? ExitCode.Ok : ExitCode.Failure;
    }
}
