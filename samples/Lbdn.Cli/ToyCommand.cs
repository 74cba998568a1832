using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lbdn.Cli.Hosting;
using Lbdn.Cli.Plotting;
using Lbdn.Cli.Experiments;
using Lbdn.Training;
using Spectre.Console;

namespace Lbdn.Cli;

/// <summary><c>lbdn toy</c>: the LBDN square-wave problem; reports how much of each certified bound gamma the trained network uses.</summary>
internal static class ToyCommand
{
    public static Command Create()
    {
        var gammas = new Option<double[]>("--gamma")
        {
            Description = "Lipschitz bounds to train with.",
            DefaultValueFactory = _ => [1.0, 5.0, 10.0],
            AllowMultipleArgumentsPerToken = true,
        };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs (the paper uses 200).", DefaultValueFactory = _ => 200 };
        var seed = new Option<long>("--seed") { Description = "Seed of data, initialisation and shuffling.", DefaultValueFactory = _ => 0 };
        var quick = new Option<bool>("--quick") { Description = "A short run for CI: 20 epochs, gamma = 1 only." };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var plot = new Option<string?>("--plot") { Description = "Also save the fitted functions and the square wave to this PNG." };
        var threads = Threads.CreateOption("TorchSharp intra-op threads; the toy's matrices are small, so one thread is fastest.");
        var command = new Command("toy", "Fit the LBDN square wave and report tightness (empirical Lipschitz / gamma).")
        {
            gammas, epochs, seed, quick, json, plot, threads,
        };
        command.SetAction(result => Run(
            result.GetValue(quick) ? [1.0] : result.GetValue(gammas)!,
            result.GetValue(quick) ? 20 : result.GetValue(epochs),
            result.GetValue(seed),
            result.GetValue(json),
            result.GetValue(plot)));
        return command;
    }

    private static int Run(double[] gammas, int epochs, long seed, bool json, string? plot)
    {
        if (epochs <= 0 || gammas.Length == 0 || gammas.Any(g => !(g > 0) || double.IsInfinity(g)))
        {
            Console.Error.WriteLine("lbdn toy: --epochs must be positive and every --gamma positive and finite.");
            return ExitCode.Usage;
        }

        var results = new List<SquareWaveResult>();
        if (json || !Terminal.Live)
        {
            results.AddRange(gammas.Select(g => SquareWave.Run(new SquareWaveOptions(Gamma: g, Epochs: epochs, Seed: seed))));
        }
        else
        {
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).Start(context =>
            {
                foreach (var gamma in gammas)
                {
                    var task = context.AddTask($"gamma = {gamma.ToString(CultureInfo.InvariantCulture)}", maxValue: epochs);
                    results.Add(SquareWave.Run(new SquareWaveOptions(Gamma: gamma, Epochs: epochs, Seed: seed), new SynchronousProgress(task)));
                }
            });
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(results.Select(r => new { r.Gamma, r.TrainLoss, r.TestLoss, r.EmpiricalLipschitz, r.Tightness, r.Seconds })));
            return Plot(results, plot);
        }

        var table = new Table().AddColumns("gamma", "train MSE", "test MSE", "empirical Lipschitz", "tightness", "seconds");
        foreach (var r in results)
        {
            table.AddRow(
                r.Gamma.ToString("G4", CultureInfo.InvariantCulture),
                r.TrainLoss.ToString("F4", CultureInfo.InvariantCulture),
                r.TestLoss.ToString("F4", CultureInfo.InvariantCulture),
                r.EmpiricalLipschitz.ToString("F4", CultureInfo.InvariantCulture),
                r.Tightness.ToString("P1", CultureInfo.InvariantCulture),
                r.Seconds.ToString("F1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        return Plot(results, plot);
    }

    // The chart is optional; when its file cannot be written it goes to the temporary folder (said on stderr).
    private static int Plot(IReadOnlyList<SquareWaveResult> results, string? path) =>
        path is null || OutputFile.Save("toy", path, Charts.SquareWaveFits([.. results.Select(r => (r.Gamma, r.FittedCurve.X, r.FittedCurve.Y))])) == path
            ? ExitCode.Ok
            : ExitCode.Failure;

    private sealed class SynchronousProgress(ProgressTask task) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => task.Value = value.Epoch - (value.CompletedEpoch is null ? 1 : 0);
    }
}
