using System.CommandLine;
using System.Globalization;
using Lbdn.Cli.Networks;
using Lbdn.Interop;

namespace Lbdn.Cli.Interop;

/// <summary>
/// <c>lbdn import --from lbdn-pytorch</c>: places a state_dict of the reference PyTorch implementation (acfr/LBDN) on a catalog
/// network (<see cref="ReferenceCheckpoint.Import(TorchSharp.torch.nn.Module{TorchSharp.torch.Tensor, TorchSharp.torch.Tensor}, string)"/>),
/// verifies the check batch stored beside it when there is one, and saves the model (module.save) atomically.
/// </summary>
internal static class ImportCommand
{
    /// <summary>The only source format so far.</summary>
    public const string ReferenceFormat = "lbdn-pytorch";

    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = $"Format of the checkpoint: {ReferenceFormat} (a state_dict of the acfr/LBDN layers).", Required = true };
        var checkpoint = new Option<string>("--checkpoint") { Description = "The state_dict (.pth from torch.save, or .safetensors); a check batch NAME.check.pth beside it is verified.", Required = true };
        var network = new Option<string>("--network") { Description = $"Network to place it on: {NetworkCatalog.Names}.", Required = true };
        var output = new Option<string?>("--out") { Description = "Model file (module.save); runs/<network>.bin by default." };
        var command = new Command("import", "Import a checkpoint of the reference PyTorch LBDN implementation into a catalog network.") { from, checkpoint, network, output };
        command.SetAction(result => Run(result.GetValue(from)!, result.GetValue(checkpoint)!, result.GetValue(network)!, result.GetValue(output)));
        return command;
    }

    private static int Run(string from, string checkpoint, string name, string? outputPath)
    {
        if (from != ReferenceFormat)
        {
            return Fail($"unknown --from '{from}'; valid: {ReferenceFormat}.");
        }

        var entry = NetworkCatalog.Find(name);
        if (entry is null)
        {
            return Fail($"unknown network '{name}'; valid names: {NetworkCatalog.Names}.");
        }

        outputPath ??= Path.Combine("runs", name + ".bin");
        using var model = entry.Build(gamma: null, seed: 0);
        ReferenceImport import;
        try
        {
            import = ReferenceCheckpoint.Import(model, checkpoint);
        }
        catch (ReferenceCheckpointException e)
        {
            return Fail(e.Message, e is ReferenceCheckMismatchException ? 1 : 2);
        }

        AtomicFile.Write(outputPath, temporary => model.save(temporary));
        foreach (var placement in import.Placements)
        {
            Console.WriteLine($"{placement.Prefix,-12} -> {placement.Stage,-24} as {placement.Reference}");
        }

        var check = import.CheckDifference is { } difference
            ? string.Create(CultureInfo.InvariantCulture, $"check batch reproduced, max |Lbdn - reference| = {difference:G3}")
            : "no check batch beside the checkpoint, outputs not verified";
        foreach (var line in import.Differences)
        {
            Console.WriteLine($"differs from the reference: {line}");
        }

        if (import.ReferenceFormulaDifference is { } formulaDifference)
        {
            check = string.Create(CultureInfo.InvariantCulture, $"check batch reproduced with the reference's formulas, max difference {formulaDifference:G3}; Lbdn's proven layers differ from it by {import.CheckDifference:G3}");
        }

        Console.WriteLine($"Imported {import.Placements.Count} modules into {name} ({check}); saved {outputPath}.");
        return 0;
    }

    private static int Fail(string message, int exitCode = 2)
    {
        Console.Error.WriteLine($"lbdn import: {message}");
        return exitCode;
    }
}
