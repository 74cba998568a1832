using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lbdn.Cli.Hosting;
using Lbdn.Cli.Networks;
using Lbdn.Data;
using Lbdn.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace Lbdn.Cli;

/// <summary>What <c>lbdn train</c> was asked to do, after validation.</summary>
internal sealed record TrainSettings(
    NetworkEntry Network, string DatasetLabel, DatasetName Dataset, string? DataFolder, int Epochs, double? Gamma, string LossName,
    Func<Tensor, Tensor, Tensor> Loss, double LearningRate, int BatchSize, int Seed, string? CheckpointPath, string OutputPath,
    long? TrainLimit, bool Json, LocalLipOptions? LocalLip = null);

/// <summary>
/// <c>lbdn train</c>: trains a catalog network on MNIST or Fashion-MNIST with the LBDN recipe, saves the model atomically
/// (module.save) and its epoch history as JSON next to it. With --checkpoint, a checkpoint is written after every epoch
/// and, when the file already exists, training resumes from it automatically (it must come from the same options).
/// </summary>
internal static class TrainCommand
{
    /// <summary>The --quick mode: one epoch on the first 5000 training images.</summary>
    private const int QuickLimit = 5000;

    public static Command Create()
    {
        var network = new Option<string>("--network") { Description = $"Network to train: {NetworkCatalog.Names}.", DefaultValueFactory = _ => "mnist-sandwich" };
        var dataset = new Option<string>("--dataset") { Description = $"Data set: {DatasetOption.Names}.", DefaultValueFactory = _ => "mnist" };
        var data = new Option<string?>("--data") { Description = "Folder holding the IDX files; by default LBDN_DATA, the cache ~/.cache/lbdn, then download." };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 10 };
        var gamma = new Option<double?>("--gamma") { Description = "Lipschitz bound; when it differs from the declared one the output is rescaled by gamma / declared." };
        var loss = new Option<string>("--loss") { Description = "Loss: offset-ce (for radius --eps), multi-margin, ce or local-lip.", DefaultValueFactory = _ => "offset-ce" };
        var eps = new Option<double>("--eps") { Description = "l2 radius offset-ce and local-lip train for.", DefaultValueFactory = _ => ClassificationLoss.TargetRadius };
        var sparsity = new Option<double>("--sparsity") { Description = "local-lip: weight of the sparsity loss on the clipped thresholds.", DefaultValueFactory = _ => LocalLipLoss.DefaultSparsity };
        var rate = new Option<double>("--lr") { Description = "Peak learning rate of the LBDN schedule (Adam).", DefaultValueFactory = _ => 0.01 };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 256 };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation and shuffling.", DefaultValueFactory = _ => 1 };
        var threads = Threads.CreateOption();
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Checkpoint after every epoch to this file; resumes from it when it exists." };
        var output = new Option<string?>("--out") { Description = "Model file (module.save); runs/<network>.bin by default." };
        var limit = new Option<long?>("--train-limit") { Description = "Train on the first N training images only." };
        var quick = new Option<bool>("--quick") { Description = $"A short run for CI: 1 epoch on the first {QuickLimit} training images." };
        var json = new Option<bool>("--json") { Description = "Print the history as JSON instead of tables." };
        var command = new Command("train", "Train a network on MNIST or Fashion-MNIST and save it with its epoch history.")
        {
            network, dataset, data, epochs, gamma, loss, eps, sparsity, rate, batch, seed, threads, checkpoint, output, limit, quick, json,
        };
        command.SetAction(result =>
        {
            var isQuick = result.GetValue(quick);
            var settings = Validate(
                result.GetValue(network)!, result.GetValue(dataset)!, result.GetValue(data), isQuick ? 1 : result.GetValue(epochs),
                result.GetValue(gamma), result.GetValue(loss)!, result.GetValue(rate), result.GetValue(batch), result.GetValue(seed),
                result.GetValue(checkpoint), result.GetValue(output), isQuick ? QuickLimit : result.GetValue(limit), result.GetValue(json),
                result.GetValue(eps), result.GetValue(sparsity));
            return settings is null ? ExitCode.Usage : Run(settings);
        });
        return command;
    }

    internal static TrainSettings? Validate(string networkName, string datasetName, string? data, int epochs, double? gamma, string lossName,
        double rate, int batch, int seed, string? checkpoint, string? output, long? limit, bool json,
        double eps = ClassificationLoss.TargetRadius, double sparsity = LocalLipLoss.DefaultSparsity)
    {
        string? error = null;
        var network = NetworkCatalog.Find(networkName);
        var dataset = DatasetOption.Parse(datasetName);
        var loss = network is null ? null : ClassificationLoss.Find(lossName, gamma ?? network.DeclaredBound, eps);
        if (network is null)
        {
            error = $"unknown network '{networkName}'; valid names: {NetworkCatalog.Names}.";
        }
        else if (dataset is null)
        {
            error = $"unknown dataset '{datasetName}'; valid names: {DatasetOption.Names}.";
        }
        else if (loss is null)
        {
            error = $"unknown loss '{lossName}'; valid names: {string.Join(", ", ClassificationLoss.Names)}.";
        }
        else if (epochs < 1 || batch < 1)
        {
            error = $"--epochs and --batch-size must be at least 1, got {epochs} and {batch}.";
        }
        else if (!(rate > 0) || !double.IsFinite(rate))
        {
            error = $"--lr must be positive and finite, got {rate.ToString(CultureInfo.InvariantCulture)}.";
        }
        else if (gamma is { } g && (!(g > 0) || !double.IsFinite(g)))
        {
            error = $"--gamma must be positive and finite, got {g.ToString(CultureInfo.InvariantCulture)}.";
        }
        else if (gamma is not null && network.DeclaredBound is null)
        {
            error = $"network '{network.Name}' has no Lipschitz bound, so --gamma does not apply to it.";
        }
        else if (limit is < 1)
        {
            error = $"--train-limit must be at least 1, got {limit}.";
        }
        else if (OutputProblem(output ?? DefaultModel(network)) is { } problem)
        {
            error = problem;
        }
        else if (lossName == LocalLipLoss.Name)
        {
            error = LocalLipLoss.Problem(network.Name, gamma, network.DeclaredBound, eps, sparsity);
        }

        if (error is not null)
        {
            Console.Error.WriteLine($"lbdn train: {error}");
            return null;
        }

        return new TrainSettings(network!, datasetName, dataset!.Value, data, epochs, gamma, lossName, loss!, rate, batch, seed,
            checkpoint, output ?? DefaultModel(network!), limit, json,
            lossName == LocalLipLoss.Name ? LocalLipLoss.Options(eps, sparsity) : null);
    }

    internal static int Run(TrainSettings settings)
    {
        Dataset train, test;
        try
        {
            train = Dataset.Load(settings.Dataset, DatasetSplit.Train, settings.DataFolder, settings.Network.Flat);
            test = Dataset.Load(settings.Dataset, DatasetSplit.Test, settings.DataFolder, settings.Network.Flat);
        }
        catch (Exception e) when (e is DatasetUnavailableException or InvalidDataException or IOException)
        {
            Console.Error.WriteLine($"lbdn train: {e.Message}");
            return ExitCode.Failure;
        }

        using (train)
        using (test)
        using (var model = settings.Network.Build(settings.Gamma, settings.Seed))
        {
            var count = Math.Min(settings.TrainLimit ?? train.Count, train.Count);
            using var inputs = train.Images.narrow(0, 0, count);
            using var labels = train.Labels.narrow(0, 0, count);
            using var objective = settings.LocalLip is { } localLip ? new LocalLipObjective(localLip) : null;
            var options = new TrainingOptions
            {
                Epochs = settings.Epochs,
                BatchSize = settings.BatchSize,
                PeakLearningRate = settings.LearningRate,
                Seed = settings.Seed,
                Loss = settings.Loss,
                Objective = objective,
                CheckpointPath = settings.CheckpointPath,
            };
            using var trainer = new Trainer(model, options);
            if (settings.CheckpointPath is { } checkpoint && File.Exists(checkpoint) && Resume(trainer, checkpoint, count, settings.Json) is { } error)
            {
                Console.Error.WriteLine($"lbdn train: cannot resume from '{checkpoint}': {error} Delete it to start afresh.");
                return ExitCode.Usage;
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var history = settings.Json
                ? trainer.Fit(inputs, labels, test.Images, test.Labels)
                : TrainingDisplay.FitWithProgress(trainer, inputs, labels, test);
            clock.Stop();

            var bound = (model as ILipschitzModule)?.LipschitzBound;
            var record = new TrainingHistory(settings.Network.Name, settings.DatasetLabel, bound, settings.LossName, count, [.. history]) { TestCount = test.Count };
            var modelPath = OutputFile.Save("train", settings.OutputPath, temporary => model.save(temporary), FallbackFolders(settings));
            var historyPath = modelPath is null ? null : OutputFile.SaveText("train", HistoryPath(modelPath), record.ToJson(), FallbackFolders(settings));
            if (modelPath is null || historyPath is null)
            {
                return ExitCode.Failure;
            }

            if (settings.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { Model = modelPath, History = historyPath, clock.Elapsed.TotalSeconds, Run = record }));
            }
            else
            {
                TrainingDisplay.Summary(record, modelPath, historyPath, clock.Elapsed);
            }

            // The result is kept, but not where it was asked for.
            if (modelPath != settings.OutputPath || historyPath != HistoryPath(settings.OutputPath))
            {
                return ExitCode.Failure;
            }
        }

        return ExitCode.Ok;
    }

    /// <summary>Restores the trainer from a checkpoint of the same run; returns why it cannot, or null.</summary>
    private static string? Resume(Trainer trainer, string checkpoint, long trainCount, bool json)
    {
        try
        {
            var resumed = trainer.ResumeFrom(checkpoint);
            if (resumed.TrainCount != trainCount)
            {
                return $"It was trained on {resumed.TrainCount} images, this run uses {trainCount}.";
            }

            if (!json)
            {
                AnsiConsole.MarkupLineInterpolated($"Resuming from [bold]{checkpoint}[/] after epoch {resumed.Epoch}.");
            }

            return null;
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    private static string DefaultModel(NetworkEntry network) => Path.Combine("runs", network.Name + ".bin");

    // The model and its history must both be writable before training starts.
    private static string? OutputProblem(string modelPath) =>
        OutputFile.Problem(modelPath) is { } model ? $"--out: {model}."
        : OutputFile.Problem(HistoryPath(modelPath)) is { } history ? $"the history file of --out: {history}."
        : null;

    // Where the model goes when --out fails at the end: next to the checkpoint, else runs/.
    private static string?[] FallbackFolders(TrainSettings settings) =>
        [settings.CheckpointPath is { } checkpoint ? OutputFile.FolderOf(checkpoint) : null, "runs"];

    /// <summary>runs/x.bin -> runs/x.history.json.</summary>
    internal static string HistoryPath(string modelPath) =>
        Path.Combine(Path.GetDirectoryName(modelPath) ?? "", Path.GetFileNameWithoutExtension(modelPath) + ".history.json");
}
