using System.Security.Cryptography;

namespace Lbdn.Data;

/// <summary>SHA-256 checks of data files.</summary>
public static class FileHash
{
    /// <summary>The lower-case hexadecimal SHA-256 of a file's bytes.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Throws when the file's SHA-256 differs from the spec's.</summary>
    /// <exception cref="InvalidDataException">The file's content is not the expected one (corrupted, truncated or another version).</exception>
    public static void Verify(string path, DataFileSpec spec)
    {
        var actual = Sha256(path);
        if (actual != spec.Sha256)
        {
            throw new InvalidDataException(
                $"Data file '{path}' failed its SHA-256 check (corrupted, truncated or a different version): expected {spec.Sha256}, found {actual}.");
        }
    }
}
