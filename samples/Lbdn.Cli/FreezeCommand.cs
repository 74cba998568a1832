using System.CommandLine;
using System.Globalization;
using Lbdn.Cli.Hosting;
using Lbdn.Cli.Networks;
using Lbdn.Inference;
using Lbdn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Cli;

/// <summary>
/// <c>lbdn freeze</c>: loads a trained model, freezes it into explicit fused weights (the generated <c>Freeze()</c>), checks
/// that frozen and live outputs agree on random inputs, then saves the frozen state_dict and a JSON manifest, atomically.
/// </summary>
internal static class FreezeCommand
{
    /// <summary>The largest accepted |frozen - live| output difference on the check inputs.</summary>
    public const double Tolerance = 1e-5;

    public static Command Create()
    {
        var network = new Option<string>("--network") { Description = $"Network the model was trained as: {NetworkCatalog.Names}.", DefaultValueFactory = _ => "mnist-sandwich" };
        var model = new Option<string?>("--model") { Description = "Trained model file; runs/<network>.bin by default." };
        var gamma = new Option<double?>("--gamma") { Description = "The --gamma the model was trained with, if any." };
        var output = new Option<string?>("--out") { Description = "Frozen state_dict; runs/<network>.frozen.bin by default, manifest (.json) and frozen-model file (.safetensors) alongside." };
        var certified = new Option<string?>("--certified") { Description = "Rows of lbdn certify (JSON) to embed in the .safetensors as the model's certification table." };
        var dataset = new Option<string>("--dataset") { Description = $"The data set --certified was measured on: {DatasetOption.Names}.", DefaultValueFactory = _ => "mnist" };
        var threads = Threads.CreateOption();
        var command = new Command("freeze", "Freeze a trained Lipschitz network into explicit weights for fast inference.") { network, model, gamma, output, certified, dataset, threads };
        command.SetAction(result => Run(result.GetValue(network)!, result.GetValue(model), result.GetValue(gamma), result.GetValue(output),
            result.GetValue(certified), result.GetValue(dataset)!));
        return command;
    }

    private static int Run(string name, string? modelPath, double? gamma, string? outputPath, string? certifiedPath, string datasetName)
    {
        var entry = NetworkCatalog.Find(name);
        if (entry is null)
        {
            return Fail($"unknown network '{name}'; valid names: {NetworkCatalog.Names}.");
        }

        if (entry.DeclaredBound is null)
        {
            return Fail($"network '{name}' has no Lipschitz bound, so there is nothing to freeze.");
        }

        if (gamma is { } g && (!(g > 0) || !double.IsFinite(g)))
        {
            return Fail($"--gamma must be positive and finite, got {g.ToString(CultureInfo.InvariantCulture)}.");
        }

        modelPath ??= Path.Combine("runs", name + ".bin");
        outputPath ??= Path.Combine("runs", name + ".frozen.bin");
        if (!File.Exists(modelPath))
        {
            return Fail($"model file '{modelPath}' does not exist; train it with: lbdn train --network {name}.");
        }

        if ((OutputFile.Problem(outputPath) ?? OutputFile.Problem(ManifestPath(outputPath)) ?? OutputFile.Problem(ModelFilePath(outputPath))) is { } problem)
        {
            return Fail($"--out: {problem}.");
        }

        if (DatasetOption.Parse(datasetName) is not { } dataset)
        {
            return Fail($"unknown data set '{datasetName}'; valid names: {DatasetOption.Names}.");
        }

        CertificationTable? table = null;
        if (certifiedPath is not null)
        {
            if (!File.Exists(certifiedPath))
            {
                return Fail($"--certified file '{certifiedPath}' does not exist; write it with: lbdn certify --network {name} --out {certifiedPath}.");
            }

            try
            {
                table = ShippedCertificate.Table(certifiedPath, dataset);
            }
            catch (InvalidDataException e)
            {
                return Fail(e.Message);
            }
        }

        using var live = entry.Build(gamma, seed: 0);
        var expected = name + (gamma is { } scale ? $" with --gamma {scale.ToString(CultureInfo.InvariantCulture)}" : "");
        if (ModelFile.Load(modelPath, live, expected) is { } failure)
        {
            return Fail(failure.Message, failure.ExitCode);
        }

        live.eval();
        using var frozen = NetworkCatalog.Freeze(live);
        var difference = MaxDifference(live, frozen, entry.InputShape);
        if (!(difference < Tolerance))
        {
            return Fail($"frozen and live outputs differ by {difference.ToString("G3", CultureInfo.InvariantCulture)} > {Tolerance.ToString(CultureInfo.InvariantCulture)}; not written.", ExitCode.Failure);
        }

        MakeContiguous(frozen);
        var fallback = OutputFile.FolderOf(modelPath);
        var weightsPath = OutputFile.Save("freeze", outputPath, temporary => frozen.save(temporary), fallback);
        var manifestPath = weightsPath is null ? null : OutputFile.SaveText(
            "freeze", ManifestPath(weightsPath), new FrozenManifest(name, frozen.LipschitzBound, entry.InputShape, Path.GetFileName(weightsPath)).ToJson(),
            fallback);
        var modelFile = weightsPath is null ? null : OutputFile.Save(
            "freeze", ModelFilePath(weightsPath), temporary => ShippedCertificate.Write(live, entry, gamma, table, temporary), fallback);
        if (weightsPath is null || manifestPath is null || modelFile is null)
        {
            return ExitCode.Failure;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Frozen {name} (bound {frozen.LipschitzBound:G6}, {frozen.Steps.Count} steps, max |frozen - live| = {difference:G3}) to {weightsPath}, manifest {manifestPath}, frozen-model file {modelFile}."));
        return weightsPath == outputPath && manifestPath == ManifestPath(outputPath) && modelFile == ModelFilePath(outputPath) ? ExitCode.Ok : ExitCode.Failure;
    }

    private static string ManifestPath(string weightsPath) => Path.ChangeExtension(weightsPath, ".json");

    private static string ModelFilePath(string weightsPath) => Path.ChangeExtension(weightsPath, ".safetensors");

    // max over 256 inputs x ~ U[0, 1] of |frozen(x) - live(x)|
    private static double MaxDifference(nn.Module<Tensor, Tensor> live, FrozenNetwork frozen, long[] inputShape)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(0);
        var x = rand([256, .. inputShape], generator: generator);
        return (frozen.call(x) - live.call(x)).abs().max().ToDouble();
    }

    // TorchSharp's save writes raw bytes and refuses strided views, which fused Fourier matrices can be.
    private static void MakeContiguous(FrozenNetwork frozen)
    {
        using var noGrad = no_grad();
        foreach (var (_, buffer) in frozen.named_buffers())
        {
            if (!buffer.is_contiguous())
            {
                using var copy = buffer.contiguous();
                buffer.set_(copy);
            }
        }
    }

    private static int Fail(string message, int exitCode = ExitCode.Usage)
    {
        Console.Error.WriteLine($"lbdn freeze: {message}");
        return exitCode;
    }
}
