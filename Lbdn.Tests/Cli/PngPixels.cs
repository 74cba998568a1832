using System.Buffers.Binary;
using System.IO.Compression;

namespace Lbdn.Tests.Cli;

/// <summary>The RGB pixels of an 8-bit, non-interlaced PNG (RGB or RGBA), enough to inspect the CLI's charts.</summary>
internal sealed class PngPixels
{
    private readonly byte[] rgb;

    private PngPixels(int width, int height, byte[] rgb) => (Width, Height, this.rgb) = (width, height, rgb);

    public int Width { get; }

    public int Height { get; }

    public static PngPixels Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4);
            var data = bytes.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                Assert.True(data[8] == 8 && data[12] == 0, "8-bit non-interlaced PNG expected");
                channels = data[9] switch { 2 => 3, 6 => 4, var colour => throw new NotSupportedException($"PNG colour type {colour}") };
            }
            else if (type == "IDAT")
            {
                compressed.Write(data);
            }

            at += 12 + length;
        }

        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        return new PngPixels(width, height, Unfilter(inflated.ToArray(), width, height, channels));
    }

    /// <summary>Pixels in the rectangle within <paramref name="tolerance"/> (per channel) of the colour #rrggbb.</summary>
    public int Count(int x0, int y0, int x1, int y1, string colour, int tolerance = 40)
    {
        var (r, g, b) = (Convert.ToInt32(colour[1..3], 16), Convert.ToInt32(colour[3..5], 16), Convert.ToInt32(colour[5..7], 16));
        var count = 0;
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                var i = 3 * ((y * Width) + x);
                if (Math.Abs(this.rgb[i] - r) <= tolerance && Math.Abs(this.rgb[i + 1] - g) <= tolerance && Math.Abs(this.rgb[i + 2] - b) <= tolerance)
                {
                    count++;
                }
            }
        }

        return count;
    }

    // PNG filters 0-4 (None, Sub, Up, Average, Paeth) undone row by row, then reduced to RGB.
    private static byte[] Unfilter(byte[] data, int width, int height, int channels)
    {
        var stride = width * channels;
        var previous = new byte[stride];
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var row = data.AsSpan((y * (stride + 1)) + 1, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int left = i >= channels ? row[i - channels] : 0, up = previous[i], upLeft = i >= channels ? previous[i - channels] : 0;
                row[i] += filter switch
                {
                    0 => 0,
                    1 => (byte)left,
                    2 => (byte)up,
                    3 => (byte)((left + up) / 2),
                    4 => (byte)Paeth(left, up, upLeft),
                    _ => throw new NotSupportedException($"PNG filter {filter}"),
                };
            }

            for (var x = 0; x < width; x++)
            {
                row.AsSpan(x * channels, 3).CopyTo(rgb.AsSpan(((y * width) + x) * 3));
            }

            previous = row;
        }

        return rgb;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
