using System.Globalization;
using System.Text.Json;
using Lbdn.Certification;
using Lbdn.Cli.Hosting;
using Lbdn.Cli.Networks;
using Lbdn.Cli.Plotting;
using Lbdn.Data;
using Lbdn.Layers;
using Spectre.Console;
using static TorchSharp.torch;

namespace Lbdn.Cli.Certification;

/// <summary>Clean, certified (global and local) and PGD accuracy of a trained model on the test split, per radius.</summary>
internal static class Certifier
{
    /// <summary>Loads the model, certifies the first Limit test images at every radius, writes the rows as JSON; exit code.</summary>
    public static int Run(CertifySettings settings)
    {
        Dataset test;
        try
        {
            test = Dataset.Load(settings.Dataset, DatasetSplit.Test, settings.DataFolder, settings.Network.Flat);
        }
        catch (Exception e) when (e is DatasetUnavailableException or InvalidDataException or IOException)
        {
            Console.Error.WriteLine($"lbdn certify: {e.Message}");
            return ExitCode.Failure;
        }

        using (test)
        using (var model = settings.Network.Build(settings.Gamma, seed: 0))
        {
            var expected = settings.Network.Name + (settings.Gamma is { } gamma ? $" with --gamma {gamma.ToString(CultureInfo.InvariantCulture)}" : "");
            if (ModelFile.Load(settings.ModelPath, model, expected) is { } failure)
            {
                Console.Error.WriteLine($"lbdn certify: {failure.Message}");
                return failure.ExitCode;
            }

            // A generated network, or one wrapped with a --gamma scale: nested networks certify as their stages.
            var network = new LipschitzSequential(settings.Network.InputShape, model);
            var count = Math.Min(settings.Limit, test.Count);
            using var images = test.Images.narrow(0, 0, count);
            using var labels = test.Labels.narrow(0, 0, count);
            var options = new CertificationOptions(Pgd: new PgdOptions(Steps: settings.PgdSteps, Restarts: settings.PgdRestarts));
            var reports = settings.Json || !Terminal.Live
                ? CertificationReport.Run(network, images, labels, settings.Radii, options)
                : WithProgress(network, images, labels, settings.Radii, options);
            var rows = reports.Select(r => new RadiusRow(r.Radius, r.CleanAccuracy, r.CertifiedGlobal, r.CertifiedLocal, r.PgdAccuracy, r.StableFraction)).ToList();
            var rowsPath = OutputFile.SaveText(
                "certify", settings.OutputPath, JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }), OutputFile.FolderOf(settings.ModelPath));
            if (rowsPath is null)
            {
                return ExitCode.Failure;
            }

            var profiles = settings.Layers ? LayerProfileTable.Profile(network, images, settings.Radii) : null;
            if (settings.Json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { Rows = rowsPath, Bound = network.LipschitzBound, Images = count, Reports = reports, Layers = profiles }));
            }
            else
            {
                CertificationTable.Write(settings.Network.Name, network.LipschitzBound, count, reports, rowsPath);
                if (profiles is not null)
                {
                    LayerProfileTable.Write(profiles);
                }
            }

            return rowsPath == settings.OutputPath ? ExitCode.Ok : ExitCode.Failure;
        }
    }

    private static IReadOnlyList<RadiusReport> WithProgress(
        LipschitzSequential network, Tensor images, Tensor labels, double[] radii, CertificationOptions options)
    {
        IReadOnlyList<RadiusReport> reports = [];
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = radii.Select(r => context.AddTask($"certify eps = {r.ToString(System.Globalization.CultureInfo.InvariantCulture)}", maxValue: images.shape[0])).ToList();
                reports = CertificationReport.Run(network, images, labels, radii, options, new SynchronousProgress(p => tasks[p.RadiusIndex].Value = p.Done));
            });
        return reports;
    }

    private sealed class SynchronousProgress(Action<CertificationProgress> report) : IProgress<CertificationProgress>
    {
        public void Report(CertificationProgress value) => report(value);
    }
}
