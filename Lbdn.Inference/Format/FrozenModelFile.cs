using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Lbdn.IO;

namespace Lbdn.Inference;

/// <summary>
/// A frozen-model file: a safetensors container (8-byte little-endian header length, a JSON header giving each
/// tensor's dtype, shape and byte range, a <c>__metadata__</c> string map, then the raw little-endian tensor bytes)
/// whose metadata describes a Lipschitz network and its certificate. See docs/model-format.md.
/// </summary>
public sealed class FrozenModelFile
{
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Wraps <paramref name="metadata"/> and <paramref name="tensors"/> (keys must be unique).</summary>
    public FrozenModelFile(FrozenModelMetadata metadata, IEnumerable<FrozenTensor> tensors)
    {
        Metadata = metadata;
        Tensors = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>The network's description.</summary>
    public FrozenModelMetadata Metadata { get; }

    /// <summary>The tensors by key.</summary>
    public IReadOnlyDictionary<string, FrozenTensor> Tensors { get; }

    /// <summary>The key of tensor <paramref name="tensor"/> of step <paramref name="step"/>: <c>steps.{step}.{tensor}.f64</c> or <c>.f32</c>.</summary>
    public static string StepTensor(int step, string tensor, bool float64) => $"steps.{step}.{tensor}.{(float64 ? "f64" : "f32")}";

    /// <summary>The key of the last affine weight used by the per-pair certificate: <c>certificate.last_weight.f64</c> or <c>.f32</c>.</summary>
    public static string LastWeight(bool float64) => $"certificate.last_weight.{(float64 ? "f64" : "f32")}";

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">The file has no such tensor.</exception>
    public FrozenTensor Tensor(string name) =>
        Tensors.TryGetValue(name, out var tensor) ? tensor : throw new InvalidDataException($"The frozen-model file lacks the tensor '{name}'.");

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed frozen-model file; the message says what is wrong.</exception>
    public static FrozenModelFile Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    /// <summary>Reads a frozen-model file from <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">The stream is not a well-formed frozen-model file; the message says what is wrong.</exception>
    public static FrozenModelFile Read(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (!ReadExactly(stream, prefix))
        {
            throw new InvalidDataException("The file is shorter than the 8-byte safetensors header length; it is not a frozen-model file or is truncated.");
        }

        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(prefix);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes)
        {
            throw new InvalidDataException($"The safetensors header length {headerLength} is out of range (1 to {MaxHeaderBytes}); the file is not a frozen-model file.");
        }

        var header = new byte[headerLength];
        if (!ReadExactly(stream, header))
        {
            throw new InvalidDataException($"The file ends inside its {headerLength}-byte safetensors header; it is truncated.");
        }

        var data = Body(stream);
        var (metadata, entries) = ParseHeader(header);
        var tensors = entries.Select(e => Slice(e, data)).ToList();
        return new FrozenModelFile(MetadataCodec.Decode(metadata), tensors);
    }

    /// <summary>Writes the file to <paramref name="stream"/>: header padded with spaces to a multiple of 8 bytes, tensors in key order.</summary>
    public void Write(Stream stream)
    {
        var ordered = Tensors.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var header = Header(ordered);
        var padded = (header.Length + 7) / 8 * 8;
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(prefix, padded);
        stream.Write(prefix);
        stream.Write(header);
        for (var i = header.Length; i < padded; i++)
        {
            stream.WriteByte((byte)' ');
        }

        foreach (var tensor in ordered)
        {
            stream.Write(tensor.Bytes);
        }
    }

    /// <summary>Writes the file to <paramref name="path"/> atomically (<see cref="AtomicFile"/>).</summary>
    public void Write(string path) => AtomicFile.Write(path, temporary =>
    {
        using var stream = File.Create(temporary);
        Write(stream);
    });

    private byte[] Header(List<FrozenTensor> ordered)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in MetadataCodec.Encode(Metadata).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            long offset = 0;
            foreach (var tensor in ordered)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType);
                json.WriteStartArray("shape");
                foreach (var d in tensor.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Bytes.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private sealed record Entry(string Name, string DType, int[] Shape, long Begin, long End);

    private static (Dictionary<string, string> Metadata, List<Entry> Entries) ParseHeader(byte[] header)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Encoding.UTF8.GetString(header).TrimEnd(' '));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The safetensors header is not valid JSON ({e.Message}); the file is corrupt.", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("The safetensors header is not a JSON object; the file is corrupt.");
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<Entry>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    foreach (var item in property.Value.EnumerateObject())
                    {
                        metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String
                            ? item.Value.GetString()!
                            : throw new InvalidDataException($"The safetensors metadata value of '{item.Name}' is not a string.");
                    }
                }
                else
                {
                    entries.Add(ParseEntry(property));
                }
            }

            return (metadata, entries);
        }
    }

    private static Entry ParseEntry(JsonProperty property)
    {
        try
        {
            var value = property.Value;
            var shape = value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            var offsets = value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
            {
                throw new InvalidDataException($"Tensor '{property.Name}' has invalid data_offsets [{string.Join(", ", offsets)}].");
            }

            return new Entry(property.Name, value.GetProperty("dtype").GetString() ?? "", shape, offsets[0], offsets[1]);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"The safetensors entry of '{property.Name}' is malformed: {e.Message}", e);
        }
    }

    // The tensor bytes after the header, read in one piece when the length is known; tensors are views of it.
    private static ReadOnlyMemory<byte> Body(Stream stream)
    {
        if (stream.CanSeek)
        {
            var body = new byte[stream.Length - stream.Position];
            return ReadExactly(stream, body) ? body : throw new InvalidDataException("The file changed length while it was read.");
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static FrozenTensor Slice(Entry entry, ReadOnlyMemory<byte> data)
    {
        if (entry.End > data.Length)
        {
            throw new InvalidDataException(
                $"Tensor '{entry.Name}' ends at byte {entry.End} of the data, but the file holds only {data.Length} data bytes; it is truncated.");
        }

        return FrozenTensor.Checked(entry.Name, entry.DType, entry.Shape, data[(int)entry.Begin..(int)entry.End]);
    }

    private static bool ReadExactly(Stream stream, Span<byte> buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var count = stream.Read(buffer[read..]);
            if (count == 0)
            {
                return false;
            }

            read += count;
        }

        return true;
    }
}
