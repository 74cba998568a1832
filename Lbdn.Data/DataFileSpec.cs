namespace Lbdn.Data;

/// <summary>A file of a data set as it is stored on disk, with the SHA-256 of its exact bytes.</summary>
/// <param name="FileName">The file name in the data set folder.</param>
/// <param name="Sha256">The lower-case hexadecimal SHA-256 of the stored bytes.</param>
public sealed record DataFileSpec(string FileName, string Sha256);
