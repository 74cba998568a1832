using System.Buffers.Binary;
using System.IO.Compression;

namespace Lbdn.Tests.Data;

/// <summary>Builds small IDX files for tests.</summary>
internal static class IdxBytes
{
    public static byte[] Build(int[] dimensions, byte[] payload, byte type = 0x08)
    {
        var header = new byte[4 + 4 * dimensions.Length];
        header[2] = type;
        header[3] = (byte)dimensions.Length;
        for (var i = 0; i < dimensions.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + 4 * i), dimensions[i]);
        }

        return [.. header, .. payload];
    }

    /// <summary>count images of rows x cols whose pixel k of image i is (i * 16 + k) mod 256.</summary>
    public static byte[] Images(int count, int rows, int cols) =>
        Build([count, rows, cols], Enumerable.Range(0, count * rows * cols).Select(k => (byte)((k / (rows * cols) * 16 + k % (rows * cols)) % 256)).ToArray());

    public static byte[] Labels(params byte[] labels) => Build([labels.Length], labels);

    public static byte[] Gzip(byte[] plain)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(plain);
        }

        return output.ToArray();
    }
}
