using Lbdn.Cli.Networks;
using Lbdn.Interop;

namespace Lbdn.Cli.Interop;

/// <summary>
/// <c>lbdn export --pytorch FILE.safetensors</c> (an option of the export command): writes a trained catalog network as the state_dict of the reference PyTorch
/// modules (acfr/LBDN) computing the same function, with FILE.json (the module list) and FILE.check.safetensors (a check batch).
/// </summary>
internal static class PyTorchExport
{
    /// <summary>Writes the reference state_dict of the model at <paramref name="modelPath"/> (trained as <paramref name="name"/>) to <paramref name="path"/>.</summary>
    public static int Run(string path, string name, string? modelPath)
    {
        var entry = NetworkCatalog.Find(name);
        if (entry is null)
        {
            return Fail($"unknown network '{name}'; valid names: {NetworkCatalog.Names}.");
        }

        modelPath ??= Path.Combine("runs", name + ".bin");
        if (!File.Exists(modelPath))
        {
            return Fail($"model file '{modelPath}' does not exist; train it with: lbdn train --network {name}, or import one with: lbdn import.");
        }

        using var model = entry.Build(gamma: null, seed: 0);
        try
        {
            model.load(modelPath, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or InvalidOperationException)
        {
            return Fail($"'{modelPath}' does not hold the weights of {name}: {e.Message}");
        }

        try
        {
            var modules = ReferenceExport.Write(model, path);
            foreach (var module in modules.Where(m => m.Difference is not null))
            {
                Console.WriteLine($"module {module.Index} ({module.Class}) differs from Lbdn: {module.Difference}.");
            }

            Console.WriteLine($"Exported {name} as {string.Join(", ", modules.Select(m => m.Class))} to {path}, module list {Path.ChangeExtension(path, ".json")}, check batch {Path.ChangeExtension(path, ".check.safetensors")}.");
            return 0;
        }
        catch (ReferenceCheckpointException e)
        {
            return Fail(e.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"lbdn export: {message}");
        return 2;
    }
}
