using System.CommandLine;
using System.Globalization;
using Lbdn.Cli.Hosting;
using Lbdn.Cli.Networks;

namespace Lbdn.Cli.Certification;

/// <summary><c>lbdn certify</c>: clean, certified (global and local) and PGD accuracy of a trained model at several radii.</summary>
internal static class CertifyCommand
{
    public static Command Create()
    {
        var network = new Option<string>("--network") { Description = $"Network: {NetworkCatalog.Names}.", DefaultValueFactory = _ => "mnist-sandwich" };
        var model = new Option<string?>("--model") { Description = "Model file written by train; runs/<network>.bin by default." };
        var gamma = new Option<double?>("--gamma") { Description = "The --gamma the model was trained with, if any." };
        var dataset = new Option<string>("--dataset") { Description = $"Data set: {DatasetOption.Names}.", DefaultValueFactory = _ => "mnist" };
        var data = new Option<string?>("--data") { Description = "Folder holding the IDX files; by default LBDN_DATA, the cache ~/.cache/lbdn, then download." };
        var radii = new Option<double[]>("--radii")
        {
            Description = "l2 radii to certify.",
            DefaultValueFactory = _ => [0.5, 1.0, 1.58],
            AllowMultipleArgumentsPerToken = true,
        };
        var limit = new Option<long>("--limit") { Description = "Certify the first N test images.", DefaultValueFactory = _ => 10000 };
        var pgdSteps = new Option<int>("--pgd-steps") { Description = "PGD steps per restart.", DefaultValueFactory = _ => 50 };
        var pgdRestarts = new Option<int>("--pgd-restarts") { Description = "PGD restarts.", DefaultValueFactory = _ => 3 };
        var threads = Threads.CreateOption();
        var output = new Option<string?>("--out") { Description = "JSON rows for plot certified; runs/<network>.certified.json by default." };
        var json = new Option<bool>("--json") { Description = "Print the reports as JSON." };
        var layers = new Option<bool>("--layers")
        {
            Description = $"Also profile every stage: neurons varying on the balls and exact local bound against the global one (first {LayerProfileTable.Images} images).",
        };
        var command = new Command("certify", "Certify a trained model on the test split: clean, certified (global, local) and PGD accuracy per radius.")
        {
            network, model, gamma, dataset, data, radii, limit, pgdSteps, pgdRestarts, threads, output, json, layers,
        };
        command.SetAction(result =>
        {
            var settings = Validate(
                result.GetValue(network)!, result.GetValue(model), result.GetValue(gamma), result.GetValue(dataset)!, result.GetValue(data),
                result.GetValue(radii)!, result.GetValue(limit), result.GetValue(pgdSteps), result.GetValue(pgdRestarts), result.GetValue(output), result.GetValue(json),
                layers: result.GetValue(layers));
            return settings is null ? ExitCode.Usage : Certifier.Run(settings);
        });
        return command;
    }

    internal static CertifySettings? Validate(string networkName, string? model, double? gamma, string datasetName, string? data,
        double[] radii, long limit, int pgdSteps, int pgdRestarts, string? output, bool json, bool requireModel = true, bool layers = false)
    {
        string? error = null;
        var network = NetworkCatalog.Find(networkName);
        var dataset = DatasetOption.Parse(datasetName);
        if (network is null)
        {
            error = $"unknown network '{networkName}'; valid names: {NetworkCatalog.Names}.";
        }
        else if (network.DeclaredBound is null)
        {
            error = $"network '{network.Name}' has no Lipschitz bound, so nothing can be certified; use a Lipschitz network.";
        }
        else if (dataset is null)
        {
            error = $"unknown dataset '{datasetName}'; valid names: {DatasetOption.Names}.";
        }
        else if (radii.Length == 0 || radii.Any(r => !(r > 0) || !double.IsFinite(r)))
        {
            error = "--radii must be positive and finite.";
        }
        else if (limit < 1 || pgdSteps < 1 || pgdRestarts < 1)
        {
            error = $"--limit, --pgd-steps and --pgd-restarts must be at least 1, got {limit}, {pgdSteps}, {pgdRestarts}.";
        }
        else if (gamma is { } g && (!(g > 0) || !double.IsFinite(g)))
        {
            error = $"--gamma must be positive and finite, got {g.ToString(CultureInfo.InvariantCulture)}.";
        }
        else if (requireModel && !File.Exists(model ?? DefaultModel(network)))
        {
            error = $"no model at '{model ?? DefaultModel(network)}'; train one first: lbdn train --network {network.Name}.";
        }
        else if (OutputFile.Problem(output ?? DefaultOutput(network)) is { } problem)
        {
            error = $"--out: {problem}.";
        }

        if (error is not null)
        {
            Console.Error.WriteLine($"lbdn certify: {error}");
            return null;
        }

        return new CertifySettings(network!, model ?? DefaultModel(network!), gamma, dataset!.Value, data,
            radii, limit, pgdSteps, pgdRestarts, output ?? DefaultOutput(network!), json, layers);
    }

    private static string DefaultOutput(NetworkEntry network) => Path.Combine("runs", network.Name + ".certified.json");

    private static string DefaultModel(NetworkEntry network) => Path.Combine("runs", network.Name + ".bin");
}
