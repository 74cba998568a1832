using Lbdn.Cli.Networks;
using Lbdn.Inference;

namespace Lbdn.Cli.Shipping;

/// <summary>
/// The frozen-model file (.safetensors) that <c>lbdn export</c> and <c>lbdn pack</c> ship: the user's own file as
/// <c>lbdn freeze</c> wrote it, or a trained state_dict frozen on the spot the way <c>lbdn freeze</c> does; with the
/// certification table of <c>--certified</c> when given. Temporary files are deleted on dispose.
/// </summary>
internal sealed class ShippableModel : IDisposable
{
    private readonly string? temporary;

    private ShippableModel(string path, string? temporary)
    {
        Path = path;
        this.temporary = temporary;
        File = FrozenModelFile.Read(path);
    }

    /// <summary>The frozen-model file on disk.</summary>
    public string Path { get; }

    /// <summary>Its contents.</summary>
    public FrozenModelFile File { get; }

    /// <summary>
    /// Resolves the options into a frozen-model file; on failure returns null with the one-line message and exit code
    /// (2 for bad arguments, 1 for a file that cannot be read).
    /// </summary>
    public static (ShippableModel? Model, string? Error, int ExitCode) Open(
        string? networkName, string? modelPath, double? gamma, string? certifiedPath, string datasetName)
    {
        if (gamma is { } g && (!(g > 0) || !double.IsFinite(g)))
        {
            return Failure($"--gamma must be positive and finite, got {g.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        }

        if (DatasetOption.Parse(datasetName) is not { } dataset)
        {
            return Failure($"unknown data set '{datasetName}'; valid names: {DatasetOption.Names}.");
        }

        if (certifiedPath is not null && !System.IO.File.Exists(certifiedPath))
        {
            return Failure($"--certified file '{certifiedPath}' does not exist; write it with: lbdn certify --network {networkName ?? "NAME"} --out {certifiedPath}.");
        }

        var frozen = modelPath?.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) == true;
        NetworkEntry? entry = null;
        if (!frozen)
        {
            if (networkName is null)
            {
                return Failure("--network is required unless --model is a frozen-model file (.safetensors) written by lbdn freeze.");
            }

            entry = NetworkCatalog.Find(networkName);
            if (entry is null)
            {
                return Failure($"unknown network '{networkName}'; valid names: {NetworkCatalog.Names}.");
            }

            if (entry.DeclaredBound is null)
            {
                return Failure($"network '{networkName}' has no Lipschitz bound, so it has no certificate to ship.");
            }

            modelPath ??= System.IO.Path.Combine("runs", networkName + ".bin");
        }

        if (!System.IO.File.Exists(modelPath))
        {
            return Failure(frozen
                ? $"model file '{modelPath}' does not exist; write one with: lbdn freeze --network {networkName ?? "NAME"}."
                : $"model file '{modelPath}' does not exist; train it with: lbdn train --network {networkName}.");
        }

        try
        {
            var table = certifiedPath is null ? null : ShippedCertificate.Table(certifiedPath, dataset);
            return frozen ? (FromFrozen(modelPath!, table), null, 0) : (FromTrained(entry!, modelPath!, gamma, table), null, 0);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
            return (null, $"cannot ship '{modelPath}': {e.Message}", 1);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (temporary is not null)
        {
            System.IO.File.Delete(temporary);
        }
    }

    private static (ShippableModel?, string?, int) Failure(string message) => (null, message, 2);

    // The user's file as it is, or a temporary copy carrying the new certification table.
    private static ShippableModel FromFrozen(string path, CertificationTable? table)
    {
        if (table is null)
        {
            return new ShippableModel(path, null);
        }

        var original = FrozenModelFile.Read(path);
        var temporary = TemporaryPath();
        new FrozenModelFile(original.Metadata with { Certification = table }, original.Tensors.Values).Write(temporary);
        return new ShippableModel(temporary, temporary);
    }

    private static ShippableModel FromTrained(NetworkEntry entry, string modelPath, double? gamma, CertificationTable? table)
    {
        using var live = entry.Build(gamma, seed: 0);
        try
        {
            live.load(modelPath, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or InvalidOperationException)
        {
            throw new InvalidDataException($"it does not hold the weights of {entry.Name}{(gamma is null ? "" : " with this --gamma")}: {e.Message}", e);
        }

        live.eval();
        var temporary = TemporaryPath();
        ShippedCertificate.Write(live, entry, gamma, table, temporary);
        return new ShippableModel(temporary, temporary);
    }

    private static string TemporaryPath() =>
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lbdn-ship-{Guid.NewGuid():N}.safetensors");
}
