using System.Globalization;
using Lbdn.Cli.Hosting;
using Lbdn.Data;
using Lbdn.Training;
using Spectre.Console;
using static TorchSharp.torch;

namespace Lbdn.Cli;

/// <summary>The console side of <c>lbdn train</c>: progress bar with throughput and ETA, epoch lines, epoch table and summary.</summary>
internal static class TrainingDisplay
{
    /// <summary>Runs <see cref="Trainer.Fit"/> under a progress bar, printing one line per finished epoch above it.</summary>
    public static IReadOnlyList<EpochRecord> FitWithProgress(Trainer trainer, Tensor inputs, Tensor labels, Dataset test)
    {
        if (!Terminal.Live)
        {
            return trainer.Fit(inputs, labels, test.Images, test.Labels, new EpochLines());
        }

        IReadOnlyList<EpochRecord> history = [];
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: trainer.Options.Epochs * trainer.StepsPerEpoch(inputs.shape[0]));
                history = trainer.Fit(inputs, labels, test.Images, test.Labels, new SynchronousProgress(task));
                task.Value = task.MaxValue;
            });
        return history;
    }

    /// <summary>The epoch table and the final summary.</summary>
    public static void Summary(TrainingHistory history, string modelPath, string historyPath, TimeSpan elapsed)
    {
        var tested = history.TestCount is { } n ? $" ({n} images)" : "";
        var table = new Table().AddColumns("epoch", "train loss", $"test loss{tested}", $"test accuracy{tested}", "lr", "seconds");
        foreach (var epoch in history.Epochs)
        {
            table.AddRow(
                epoch.Epoch.ToString(CultureInfo.InvariantCulture),
                epoch.TrainLoss.ToString("F4", CultureInfo.InvariantCulture),
                epoch.TestLoss?.ToString("F4", CultureInfo.InvariantCulture) ?? "-",
                epoch.TestAccuracy?.ToString("P2", CultureInfo.InvariantCulture) ?? "-",
                epoch.LearningRate.ToString("G3", CultureInfo.InvariantCulture),
                epoch.Seconds.ToString("F1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        var last = history.Epochs.Count > 0 ? history.Epochs[^1] : null;
        var bound = history.LipschitzBound?.ToString("G6", CultureInfo.InvariantCulture) ?? "none";
        var accuracy = last?.TestAccuracy?.ToString("P2", CultureInfo.InvariantCulture) ?? "-";
        AnsiConsole.MarkupLineInterpolated(
            $"[bold]{history.Network}[/] trained on {history.TrainCount} {history.Dataset} images: test accuracy [bold]{accuracy}[/]{tested}, Lipschitz bound {bound}, {elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s.");
        AnsiConsole.MarkupLineInterpolated($"Model: {modelPath}  History: {historyPath}");
    }

    private static void EpochLine(EpochRecord? epoch)
    {
        if (epoch is not null)
        {
            AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch.Epoch}: train loss {epoch.TrainLoss:F4}, test loss {epoch.TestLoss:F4}, test accuracy {epoch.TestAccuracy:P2}, {epoch.Seconds:F1} s"));
        }
    }

    /// <summary>Shows step progress, throughput, ETA, the latest loss and the last test accuracy in the task's description.</summary>
    private sealed class SynchronousProgress(ProgressTask task) : IProgress<TrainingProgress>
    {
        private string lastAccuracy = "-";

        public void Report(TrainingProgress value)
        {
            if (value.CompletedEpoch?.TestAccuracy is { } accuracy)
            {
                lastAccuracy = accuracy.ToString("P2", CultureInfo.InvariantCulture);
            }

            EpochLine(value.CompletedEpoch);
            task.Value = value.Step;
            task.Description = string.Create(CultureInfo.InvariantCulture,
                $"epoch {value.Epoch}/{value.Epochs}  {value.SamplesPerSecond,7:F0} img/s  ETA {value.Eta:hh\\:mm\\:ss}  loss {value.Loss:F4}  test acc {lastAccuracy}");
        }
    }

    /// <summary>One line per finished epoch, for output that is not a live terminal.</summary>
    private sealed class EpochLines : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => EpochLine(value.CompletedEpoch);
    }
}
