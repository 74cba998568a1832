using System.Text;
using static TorchSharp.torch;

namespace Lbdn.Cli.Hosting;

/// <summary>
/// Loads a model file written by TorchSharp's <c>module.save</c> and tells apart the two ways that fails: the file is not
/// a complete state_dict (truncated or corrupt: exit code 1) or it is complete but holds another network (other tensor
/// names or shapes: a wrong --network or --gamma, exit code 2).
/// </summary>
internal static class ModelFile
{
    /// <summary>Loads <paramref name="path"/> into <paramref name="module"/>; null on success, otherwise why and the exit code.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="module">The network it should hold.</param>
    /// <param name="expected">What the network is, for messages: "mnist-sandwich" or "mnist-sandwich with --gamma 2".</param>
    public static (string Message, int ExitCode)? Load(string path, nn.Module module, string expected)
    {
        IReadOnlyList<(string Key, long[] Shape)> entries;
        try
        {
            entries = Read(path);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            return ($"'{path}' is not a complete model file ({e.Message}); it is truncated or corrupt: copy it again or retrain it.", ExitCode.Failure);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ($"cannot read '{path}': {e.Message}", ExitCode.Failure);
        }

        var wanted = module.state_dict().ToDictionary(p => p.Key, p => p.Value.shape);
        var difference = entries.FirstOrDefault(e => !wanted.TryGetValue(e.Key, out var shape) || !shape.SequenceEqual(e.Shape));
        if (entries.Count != wanted.Count || difference.Key is not null)
        {
            var detail = difference.Key is null
                ? $"{entries.Count} tensors, {expected} has {wanted.Count}"
                : wanted.TryGetValue(difference.Key, out var shape)
                    ? $"'{difference.Key}' is [{string.Join(", ", difference.Shape)}], {expected} needs [{string.Join(", ", shape)}]"
                    : $"tensor '{difference.Key}', which {expected} does not have";
            return ($"'{path}' holds another network than {expected} ({detail}); pass the --network and --gamma it was trained with.", ExitCode.Usage);
        }

        try
        {
            module.load(path, strict: true);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidOperationException)
        {
            return ($"'{path}' holds another network than {expected} ({e.Message}); pass the --network and --gamma it was trained with.", ExitCode.Usage);
        }
    }

    // module.save: LEB128 entry count, then per entry a BinaryWriter string key, LEB128 dtype, LEB128 rank, LEB128 sizes and
    // the raw elements. Reads the whole structure so that a short or padded file is seen before any tensor is touched.
    private static List<(string Key, long[] Shape)> Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        var length = reader.BaseStream.Length;
        var count = Leb128(reader);
        if (count is < 0 or > 1_000_000)
        {
            throw new InvalidDataException($"it starts with {count} tensors");
        }

        var entries = new List<(string, long[])>();
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var type = (ScalarType)Leb128(reader);
            var rank = Leb128(reader);
            if (ElementSize(type) is not { } size || rank is < 0 or > 8)
            {
                throw new InvalidDataException($"tensor {i} has type code {(int)type} and rank {rank}");
            }

            var shape = new long[rank];
            for (var d = 0; d < rank; d++)
            {
                shape[d] = Leb128(reader);
            }

            var bytes = shape.Aggregate(size, (total, n) => n < 0 || n > length || total > length ? length + 1 : total * n);
            if (bytes > length - reader.BaseStream.Position)
            {
                throw new InvalidDataException($"it ends inside tensor '{key}' at byte {length}");
            }

            reader.BaseStream.Seek(bytes, SeekOrigin.Current);
            entries.Add((key, shape));
        }

        if (reader.BaseStream.Position != length)
        {
            throw new InvalidDataException($"{length - reader.BaseStream.Position} bytes follow the last tensor");
        }

        return entries;
    }

    // TorchSharp's Decode: 7 bits per byte, least significant first, high bit set on all but the last byte.
    private static long Leb128(BinaryReader reader)
    {
        long value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = reader.ReadByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("a length field is malformed");
    }

    private static long? ElementSize(ScalarType type) => type switch
    {
        ScalarType.Bool or ScalarType.Byte or ScalarType.Int8 => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.ComplexFloat64 => 16,
        _ => null,
    };
}
