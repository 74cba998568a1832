namespace Lbdn.Data;

/// <summary>Where the resolver found a data set's files.</summary>
public enum DatasetOrigin
{
    /// <summary>The folder passed explicitly (the --data option).</summary>
    Argument,

    /// <summary>The folder named by the LBDN_DATA environment variable.</summary>
    Environment,

    /// <summary>The user's cache, filled by an earlier acquisition.</summary>
    Cache,

    /// <summary>Acquired from a source during this resolution and stored in the cache.</summary>
    Acquired,
}

/// <summary>A folder holding all files of a data set, each verified against its SHA-256.</summary>
/// <param name="Descriptor">The data set.</param>
/// <param name="Folder">The folder holding the files.</param>
/// <param name="Origin">Which step of the resolution order produced the folder.</param>
public sealed record ResolvedDataset(DatasetDescriptor Descriptor, string Folder, DatasetOrigin Origin)
{
    /// <summary>The full path of one of the data set's files.</summary>
    public string PathOf(DataFileSpec file) => Path.Combine(Folder, file.FileName);
}
