using System.Buffers.Binary;
using System.IO.Compression;

namespace Lbdn.Data;

/// <summary>
/// Reads IDX files (the MNIST format), plain or gzipped; gzip is detected by its magic bytes 1f 8b.
/// Header: two zero bytes, a type byte (0x08 = unsigned byte), a dimension count d, then d big-endian int32 sizes.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an image file: three dimensions (count, rows, columns).</summary>
    /// <exception cref="InvalidDataException">The file is not a valid unsigned-byte IDX file with three dimensions.</exception>
    public static IdxArray ReadImages(string path) => Read(path, expectedRank: 3);

    /// <summary>Reads a label file: one dimension (count).</summary>
    /// <exception cref="InvalidDataException">The file is not a valid unsigned-byte IDX file with one dimension.</exception>
    public static IdxArray ReadLabels(string path) => Read(path, expectedRank: 1);

    /// <summary>Reads an unsigned-byte IDX file and checks its rank, header and length.</summary>
    /// <exception cref="InvalidDataException">The header or the length does not match.</exception>
    public static IdxArray Read(string path, int expectedRank)
    {
        var bytes = Decompress(path, File.ReadAllBytes(path));
        var name = Path.GetFileName(path);
        if (bytes.Length < 4)
        {
            throw new InvalidDataException($"IDX file '{name}' is truncated: expected at least a 4-byte header, found {bytes.Length} bytes.");
        }

        if (bytes[0] != 0 || bytes[1] != 0)
        {
            throw new InvalidDataException($"IDX file '{name}' has a wrong magic number: expected 00 00 as its first bytes, found {bytes[0]:x2} {bytes[1]:x2}.");
        }

        if (bytes[2] != UnsignedByteType)
        {
            throw new InvalidDataException($"IDX file '{name}' has element type 0x{bytes[2]:x2}: expected 0x08 (unsigned byte).");
        }

        if (bytes[3] != expectedRank)
        {
            throw new InvalidDataException($"IDX file '{name}' has {bytes[3]} dimensions: expected {expectedRank}.");
        }

        var headerLength = 4 + 4 * expectedRank;
        if (bytes.Length < headerLength)
        {
            throw new InvalidDataException($"IDX file '{name}' is truncated: expected a {headerLength}-byte header, found {bytes.Length} bytes.");
        }

        var dimensions = new int[expectedRank];
        long elements = 1;
        for (var i = 0; i < expectedRank; i++)
        {
            dimensions[i] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * i));
            if (dimensions[i] < 0)
            {
                throw new InvalidDataException($"IDX file '{name}' has a negative size {dimensions[i]} in dimension {i}.");
            }

            elements *= dimensions[i];
        }

        var expectedLength = headerLength + elements;
        if (bytes.Length != expectedLength)
        {
            throw new InvalidDataException(
                $"IDX file '{name}' has the wrong length for dimensions [{string.Join(", ", dimensions)}]: expected {expectedLength} bytes, found {bytes.Length}.");
        }

        return new IdxArray(dimensions, bytes[headerLength..]);
    }

    private static byte[] Decompress(string path, byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
        {
            return bytes;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gzip.CopyTo(plain);
            return plain.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"IDX file '{Path.GetFileName(path)}' is a damaged gzip stream: {e.Message}", e);
        }
    }
}
