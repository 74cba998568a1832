using System.CommandLine;
using System.Globalization;
using Lbdn.Cli.Interop;
using Lbdn.Cli.Networks;
using Lbdn.Layers;
using Lbdn.Onnx;
using static TorchSharp.torch;

namespace Lbdn.Cli.Shipping;

/// <summary>
/// <c>lbdn export --onnx FILE</c>: writes the frozen network as ONNX models in float32 and float64 (from the float32 and
/// float64 freezes of the frozen-model file), with the Lipschitz bound and the certificate in <c>metadata_props</c>.
/// </summary>
internal static class ExportCommand
{
    /// <summary>The --precision names.</summary>
    public const string Precisions = "float32, float64, both";

    public static Command Create()
    {
        var onnx = new Option<string?>("--onnx") { Description = "The ONNX file to write; with --precision both the float64 model goes beside it as NAME.float64.onnx." };
        var pytorch = new Option<string?>("--pytorch") { Description = "Instead: the state_dict of the reference PyTorch LBDN modules to write (.safetensors), with FILE.json and FILE.check.safetensors beside it." };
        var network = new Option<string?>("--network") { Description = $"Network the model was trained as: {NetworkCatalog.Names}; not needed for a .safetensors model." };
        var model = new Option<string?>("--model") { Description = "Trained model (runs/<network>.bin by default) or a frozen-model file (.safetensors) from lbdn freeze." };
        var gamma = new Option<double?>("--gamma") { Description = "The --gamma the model was trained with, if any." };
        var precision = new Option<string>("--precision") { Description = $"Element type of the exported models: {Precisions}.", DefaultValueFactory = _ => "both" };
        var certified = new Option<string?>("--certified") { Description = "Rows of lbdn certify (JSON) to put into the metadata as the certification table." };
        var dataset = new Option<string>("--dataset") { Description = $"The data set --certified was measured on: {DatasetOption.Names}.", DefaultValueFactory = _ => "mnist" };
        var command = new Command("export", "Export a Lipschitz network as ONNX (bound and certificate in the metadata) or as a state_dict of the reference PyTorch modules.")
        {
            onnx, pytorch, network, model, gamma, precision, certified, dataset,
        };
        command.SetAction(result => (result.GetValue(onnx), result.GetValue(pytorch), result.GetValue(network)) switch
        {
            (null, null, _) or (not null, not null, _) => Fail("give exactly one of --onnx FILE.onnx and --pytorch FILE.safetensors."),
            (null, { } path, null) => Fail("--network is required with --pytorch."),
            (null, { } path, { } name) => PyTorchExport.Run(path, name, result.GetValue(model)),
            ({ } path, null, var name) => Run(
                path, name, result.GetValue(model), result.GetValue(gamma),
                result.GetValue(precision)!, result.GetValue(certified), result.GetValue(dataset)!),
        });
        return command;
    }

    private static int Run(string onnxPath, string? networkName, string? modelPath, double? gamma, string precisionName, string? certifiedPath, string datasetName)
    {
        OnnxPrecision[]? precisions = precisionName switch
        {
            "float32" => [OnnxPrecision.Float32],
            "float64" => [OnnxPrecision.Float64],
            "both" => [OnnxPrecision.Float32, OnnxPrecision.Float64],
            _ => null,
        };
        if (precisions is null)
        {
            return Fail($"unknown precision '{precisionName}'; valid names: {Precisions}.");
        }

        if (!onnxPath.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            return Fail($"--onnx must name a .onnx file, got '{onnxPath}'.");
        }

        var (model, error, exitCode) = ShippableModel.Open(networkName, modelPath, gamma, certifiedPath, datasetName);
        if (model is null)
        {
            return Fail(error!, exitCode);
        }

        using (model)
        {
            var metadata = OnnxMetadata.From(model.File.Metadata);
            foreach (var precision in precisions)
            {
                var path = precision == OnnxPrecision.Float64 && precisions.Length == 2 ? Path.ChangeExtension(onnxPath, ".float64.onnx") : onnxPath;
                using var frozen = FrozenNetwork.Load(model.Path, precision == OnnxPrecision.Float32 ? ScalarType.Float32 : ScalarType.Float64);
                var bytes = OnnxExport.ToBytes(frozen, precision, metadata);
                try
                {
                    AtomicFile.Write(path, temporary => File.WriteAllBytes(temporary, bytes));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return Fail($"cannot write '{path}': {e.Message}", 1);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Exported {model.File.Metadata.Name} ({precision}, bound {frozen.LipschitzBound:G6}, {frozen.Steps.Count} steps, {bytes.Length / 1024} KiB) to {path}."));
            }
        }

        return 0;
    }

    private static int Fail(string message, int exitCode = 2)
    {
        Console.Error.WriteLine($"lbdn export: {message}");
        return exitCode;
    }
}
