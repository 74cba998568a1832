using System.ComponentModel;

namespace Lbdn.Data;

/// <summary>
/// Copies the data files from an installed Debian package, located with `dpkg -L`.
/// It never installs the package; when it is missing the error says how to.
/// </summary>
public sealed class DebianPackageSource(string packageName) : IDatasetSource
{
    /// <inheritdoc/>
    public string Description => $"Debian package {packageName}";

    /// <inheritdoc/>
    public void Acquire(IReadOnlyList<DataFileSpec> files, string stagingFolder, CancellationToken cancellationToken)
    {
        string listing;
        try
        {
            listing = ExternalCommand.Run("dpkg", ["-L", packageName], Path.GetTempPath(), TimeSpan.FromSeconds(30), cancellationToken);
        }
        catch (Exception e) when (e is IOException or Win32Exception)
        {
            throw new IOException($"Debian package {packageName} is not installed (run `apt-get install {packageName}`): {e.Message}", e);
        }

        var installed = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var file in files)
        {
            var path = installed.FirstOrDefault(p => Path.GetFileName(p) == file.FileName && File.Exists(p))
                ?? throw new IOException($"Debian package {packageName} does not list {file.FileName}; reinstall it with `apt-get install --reinstall {packageName}`.");
            File.Copy(path, Path.Combine(stagingFolder, file.FileName), overwrite: true);
        }
    }
}
