using System.CommandLine;
using Lbdn.Cli.Certification;
using Lbdn.Cli.Plotting;
using Spectre.Console;

namespace Lbdn.Cli;

/// <summary>
/// <c>lbdn mnist</c>, the README's main job: trains the LBDN MNIST sandwich classifier (784-190-190-128-10, gamma 1, loss
/// aimed at eps = 1.58), certifies it at eps = 0.5, 1.0, 1.58 (clean, certified global and local, PGD accuracy) and plots
/// certified accuracy against the radius.
/// </summary>
internal static class MnistCommand
{
    private static readonly double[] Radii = [0.5, 1.0, 1.58];

    public static Command Create()
    {
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 5 };
        var limit = new Option<long>("--limit") { Description = "Test images to certify.", DefaultValueFactory = _ => 1000 };
        var data = new Option<string?>("--data") { Description = "Folder holding the MNIST IDX files." };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation and shuffling.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "TorchSharp intra-op threads.", DefaultValueFactory = _ => 1 };
        var quick = new Option<bool>("--quick") { Description = "CI mode: 1 epoch on 5000 images, 100 certified images, a short PGD." };
        var recipe = new Option<string>("--recipe")
        {
            Description = $"lbdn (the sandwich network, offset loss) or {LocalLipRecipe.Name} (clipped sandwich, Local-Lip objective, full test set).",
            DefaultValueFactory = _ => "lbdn",
        };
        var command = new Command("mnist", "Train the MNIST sandwich classifier, certify it at eps 0.5, 1.0, 1.58 and plot the result.")
        {
            epochs, limit, data, seed, threads, quick, recipe,
        };
        command.SetAction(result =>
        {
            var isQuick = result.GetValue(quick);
            if (result.GetValue(recipe) is var name && name != "lbdn")
            {
                return name != LocalLipRecipe.Name
                    ? Usage($"unknown recipe '{name}'; valid names: lbdn, {LocalLipRecipe.Name}.")
                    : Threads.Apply(result.GetValue(threads)) ?? LocalLipRecipe.Run(
                        result.GetResult(epochs) is { Implicit: false } ? result.GetValue(epochs) : null,
                        result.GetResult(limit) is { Implicit: false } ? result.GetValue(limit) : null,
                        result.GetValue(data), result.GetValue(seed), isQuick);
            }

            return Threads.Apply(result.GetValue(threads)) ?? Run(
                isQuick ? 1 : result.GetValue(epochs), isQuick ? 100 : result.GetValue(limit), result.GetValue(data), result.GetValue(seed), isQuick);
        });
        return command;
    }

    private static int Usage(string error)
    {
        Console.Error.WriteLine($"lbdn mnist: {error}");
        return 2;
    }

    private static int Run(int epochs, long limit, string? data, int seed, bool quick)
    {
        const string network = "mnist-sandwich";
        var model = Path.Combine("runs", network + ".bin");
        var train = TrainCommand.Validate(
            network, "mnist", data, epochs, gamma: null, "offset-ce", 0.01, 256, seed, checkpoint: null, model, quick ? 5000 : null, json: false);
        var certify = CertifyCommand.Validate(
            network, model: null, gamma: null, "mnist", data, Radii, limit, quick ? 10 : 50, quick ? 1 : 3, output: null, json: false, requireModel: false);
        if (train is null || certify is null)
        {
            return 2;
        }

        AnsiConsole.MarkupLine($"[bold]1/3[/] training {network} for {epochs} epoch(s)");
        var status = TrainCommand.Run(train);
        if (status != 0)
        {
            return status;
        }

        AnsiConsole.MarkupLine($"[bold]2/3[/] certifying the first {limit} test images at eps = {string.Join(", ", Radii)}");
        status = Certifier.Run(certify);
        if (status != 0)
        {
            return status;
        }

        var plot = Path.ChangeExtension(certify.OutputPath, ".png");
        Charts.CertifiedAccuracy(RadiusRow.ReadAll(certify.OutputPath), $"{network} on MNIST, Lipschitz bound 1", plot);
        AnsiConsole.MarkupLineInterpolated($"[bold]3/3[/] plot written to [bold]{plot}[/]");
        return 0;
    }
}
