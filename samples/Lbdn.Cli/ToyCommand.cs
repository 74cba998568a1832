using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lbdn.Cli.Experiments;
using Lbdn.Cli.Hosting;
using Lbdn.Cli.Plotting;
using Lbdn.Training;
using Spectre.Console;

namespace Lbdn.Cli;

/// <summary><c>lbdn toy</c>: the LBDN square-wave problem; reports how much of each certified bound gamma the trained network uses.</summary>
internal static class ToyCommand
{
    private static readonly string[] LayerNames = ["sandwich", "orthogonal", "aol", "sll"];

    public static Command Create()
    {
        var gammas = new Option<double[]>("--gamma")
        {
            Description = "Lipschitz bounds to train with.",
            DefaultValueFactory = _ => [1.0, 5.0, 10.0],
            AllowMultipleArgumentsPerToken = true,
        };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs (the paper uses 200).", DefaultValueFactory = _ => 200 };
        var seed = new Option<long>("--seed") { Description = "Seed of data, initialisation and shuffling (the first one with --seeds).", DefaultValueFactory = _ => 0 };
        var seeds = new Option<int>("--seeds") { Description = "Runs per gamma with seeds --seed, --seed + 1, ...; reports the median and range of each figure.", DefaultValueFactory = _ => 1 };
        var layer = new Option<string>("--layer") { Description = "Hidden layer kind: sandwich, orthogonal, aol or sll (LBDN Table 1).", DefaultValueFactory = _ => "sandwich" };
        var quick = new Option<bool>("--quick") { Description = "A short run for CI: 20 epochs, gamma = 1 only." };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var plot = new Option<string?>("--plot") { Description = "Also save the fitted functions and the square wave to this PNG." };
        var threads = Threads.CreateOption("TorchSharp intra-op threads; the toy's matrices are small, so one thread is fastest.");
        var command = new Command("toy", "Fit the LBDN square wave and report tightness (empirical Lipschitz / gamma).")
        {
            gammas, epochs, seed, seeds, layer, quick, json, plot, threads,
        };
        command.SetAction(result => Run(
            result.GetValue(quick) ? [1.0] : result.GetValue(gammas)!,
            result.GetValue(quick) ? 20 : result.GetValue(epochs),
            result.GetValue(seed),
            result.GetValue(seeds),
            result.GetValue(layer)!,
            result.GetValue(json),
            result.GetValue(plot)));
        return command;
    }

    private static int Run(double[] gammas, int epochs, long seed, int seeds, string layerName, bool json, string? plot)
    {
        if (Array.IndexOf(LayerNames, layerName) is var index && index < 0)
        {
            Console.Error.WriteLine($"lbdn toy: unknown --layer '{layerName}'; valid: {string.Join(", ", LayerNames)}.");
            return ExitCode.Usage;
        }

        if (epochs <= 0 || seeds <= 0 || gammas.Length == 0 || gammas.Any(g => !(g > 0) || double.IsInfinity(g)))
        {
            Console.Error.WriteLine("lbdn toy: --epochs and --seeds must be positive and every --gamma positive and finite.");
            return ExitCode.Usage;
        }

        var layer = (SquareWaveLayer)index;
        var runs = gammas.SelectMany(g => Enumerable.Range(0, seeds).Select(k => new SquareWaveOptions(Gamma: g, Epochs: epochs, Seed: seed + k, Layer: layer))).ToList();
        var results = new List<SquareWaveResult>();
        if (json || !Terminal.Live)
        {
            results.AddRange(runs.Select(options => SquareWave.Run(options)));
        }
        else
        {
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).Start(context =>
            {
                foreach (var options in runs)
                {
                    var task = context.AddTask($"{layerName}, gamma = {options.Gamma.ToString(CultureInfo.InvariantCulture)}, seed {options.Seed}", maxValue: epochs);
                    results.Add(SquareWave.Run(options, new SynchronousProgress(task)));
                }
            });
        }

        var summaries = results.GroupBy(r => r.Gamma).Select(group => ToySummary.Of(layerName, [.. group])).ToList();
        if (json)
        {
            Console.WriteLine(seeds == 1
                ? JsonSerializer.Serialize(results.Select(r => new { r.Gamma, r.TrainLoss, r.TestLoss, r.EmpiricalLipschitz, r.Tightness, r.Seconds }))
                : JsonSerializer.Serialize(summaries));
            return Plot(results, seeds, plot);
        }

        AnsiConsole.Write(seeds == 1 ? SingleTable(results) : ToySummary.Table(summaries));
        return Plot(results, seeds, plot);
    }

    private static Table SingleTable(IEnumerable<SquareWaveResult> results)
    {
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

        return table;
    }

    // The chart is optional (first seed of each gamma); when its file cannot be written it goes to the temporary folder (said on stderr).
    private static int Plot(IReadOnlyList<SquareWaveResult> results, int seeds, string? path) =>
        path is null || OutputFile.Save("toy", path, Charts.SquareWaveFits([.. results.Where((_, k) => k % seeds == 0).Select(r => (r.Gamma, r.FittedCurve.X, r.FittedCurve.Y))])) == path
            ? ExitCode.Ok
            : ExitCode.Failure;

    private sealed class SynchronousProgress(ProgressTask task) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => task.Value = value.Epoch - (value.CompletedEpoch is null ? 1 : 0);
    }
}
