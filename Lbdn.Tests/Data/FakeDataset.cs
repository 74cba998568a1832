using System.Security.Cryptography;
using Lbdn.Data;

namespace Lbdn.Tests.Data;

/// <summary>A tiny four-file data set and a source that delivers chosen bytes and counts its calls.</summary>
internal sealed class FakeDataset
{
    public static readonly IReadOnlyDictionary<string, byte[]> Content = new Dictionary<string, byte[]>
    {
        ["train-images"] = IdxBytes.Images(3, 2, 2),
        ["train-labels"] = IdxBytes.Labels(5, 0, 4),
        ["test-images"] = IdxBytes.Gzip(IdxBytes.Images(2, 2, 2)),
        ["test-labels"] = IdxBytes.Labels(1, 9),
    };

    public FakeDataset(params IDatasetSource[] sources) =>
        Descriptor = new DatasetDescriptor(
            DatasetName.Mnist, "fake", Spec("train-images"), Spec("train-labels"), Spec("test-images"), Spec("test-labels"),
            sources, "Hint: pass --data.");

    public DatasetDescriptor Descriptor { get; }

    public DatasetResolver Resolver(string cacheRoot, List<string>? log = null) =>
        new(cacheRoot, log is null ? null : log.Add, _ => Descriptor);

    public static void WriteAll(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (name, bytes) in Content)
        {
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
        }
    }

    private static DataFileSpec Spec(string name) => new(name, Convert.ToHexStringLower(SHA256.HashData(Content[name])));
}

/// <summary>Delivers the fake files, optionally replacing one file's bytes.</summary>
internal sealed class FakeSource(string? badFile = null, bool fail = false) : IDatasetSource
{
    public int Calls { get; private set; }

    public List<string> Requested { get; } = [];

    public string Description => "fake source";

    public void Acquire(IReadOnlyList<DataFileSpec> files, string stagingFolder, CancellationToken cancellationToken)
    {
        Calls++;
        if (fail)
        {
            throw new IOException("fake source is offline");
        }

        foreach (var file in files)
        {
            Requested.Add(file.FileName);
            var bytes = file.FileName == badFile ? FakeDataset.Content[file.FileName][..^1] : FakeDataset.Content[file.FileName];
            File.WriteAllBytes(Path.Combine(stagingFolder, file.FileName), bytes);
        }
    }
}
