using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lbdn.Training;

/// <summary>
/// One-file checkpoints: magic "LBDNCKPT", format version, the lengths of the metadata JSON, the model state_dict
/// and the optimizer state, the SHA-256 of those three parts, then the parts. Written to a temporary file and
/// renamed over the target, so a reader sees the old or the new checkpoint, never half of one; read back only
/// after the length and hash checks pass, so a damaged file never touches the model.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = "LBDNCKPT"u8.ToArray();
    private const int FormatVersion = 1;
    private const int HeaderLength = 8 + 4 + 4 + 8 + 8 + 32;

    /// <summary>Writes model, optimizer and metadata to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, nn.Module model, OptimizerHelper optimizer, CheckpointMetadata metadata)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(metadata);
        var modelState = Serialize(writer => model.save(writer));
        var optimizerState = Serialize(optimizer.save_state_dict);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new BinaryWriter(stream))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write(json.Length);
                writer.Write((long)modelState.Length);
                writer.Write((long)optimizerState.Length);
                writer.Write(Hash(json, modelState, optimizerState));
                writer.Write(json);
                writer.Write(modelState);
                writer.Write(optimizerState);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads and verifies a checkpoint's metadata without touching any model.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, is truncated or is corrupted.</exception>
    public static CheckpointMetadata ReadMetadata(string path) => ReadVerified(path).Metadata;

    /// <summary>Verifies a checkpoint, then loads it into <paramref name="model"/> and <paramref name="optimizer"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint, is truncated or is corrupted; nothing was loaded.</exception>
    public static CheckpointMetadata Load(string path, nn.Module model, OptimizerHelper optimizer)
    {
        var (metadata, modelState, optimizerState) = ReadVerified(path);
        using (var reader = new BinaryReader(new MemoryStream(modelState)))
        {
            model.load(reader, strict: true);
        }

        using (var reader = new BinaryReader(new MemoryStream(optimizerState)))
        {
            optimizer.load_state_dict(reader);
        }

        return metadata;
    }

    private static (CheckpointMetadata Metadata, byte[] ModelState, byte[] OptimizerState) ReadVerified(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var name = Path.GetFileName(path);
        if (bytes.Length < HeaderLength || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new InvalidDataException($"'{name}' is not an Lbdn checkpoint (or its header is truncated): expected the {HeaderLength}-byte header starting with LBDNCKPT, found {bytes.Length} bytes.");
        }

        using var reader = new BinaryReader(new MemoryStream(bytes));
        reader.ReadBytes(8);
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Checkpoint '{name}' has format version {version}: expected {FormatVersion}.");
        }

        var jsonLength = reader.ReadInt32();
        var modelLength = reader.ReadInt64();
        var optimizerLength = reader.ReadInt64();
        var expectedHash = reader.ReadBytes(32);
        var expectedLength = HeaderLength + jsonLength + modelLength + optimizerLength;
        if (jsonLength < 0 || modelLength < 0 || optimizerLength < 0 || bytes.Length != expectedLength)
        {
            throw new InvalidDataException($"Checkpoint '{name}' is truncated or damaged: expected {expectedLength} bytes, found {bytes.Length}.");
        }

        var json = reader.ReadBytes(jsonLength);
        var modelState = reader.ReadBytes((int)modelLength);
        var optimizerState = reader.ReadBytes((int)optimizerLength);
        if (!Hash(json, modelState, optimizerState).AsSpan().SequenceEqual(expectedHash))
        {
            throw new InvalidDataException($"Checkpoint '{name}' is corrupted: its SHA-256 does not match the one in its header.");
        }

        var metadata = JsonSerializer.Deserialize<CheckpointMetadata>(json)
            ?? throw new InvalidDataException($"Checkpoint '{name}' has empty metadata.");
        return (metadata, modelState, optimizerState);
    }

    private static byte[] Serialize(Action<BinaryWriter> save)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            save(writer);
        }

        return buffer.ToArray();
    }

    private static byte[] Hash(byte[] json, byte[] modelState, byte[] optimizerState)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(json);
        sha.AppendData(modelState);
        sha.AppendData(optimizerState);
        return sha.GetHashAndReset();
    }
}
