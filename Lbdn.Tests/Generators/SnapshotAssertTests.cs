using Lbdn.Tests.Generators.Infrastructure;

namespace Lbdn.Tests.Generators;

/// <summary>The approval helper fails on a missing or different snapshot and leaves the received file to review.</summary>
public sealed class SnapshotAssertTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("lbdn-snapshots").FullName;

    private string Snapshots => Path.Combine(directory, "Snapshots");

    [Fact]
    public void Missing_snapshot_fails_and_writes_the_received_file()
    {
        if (Environment.GetEnvironmentVariable("LBDN_ACCEPT_SNAPSHOTS") == "1")
        {
            return;
        }

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => SnapshotAssert.Matches("class A { }\n", "Sample", Snapshots));

        Assert.Equal("class A { }\n", File.ReadAllText(Path.Combine(Snapshots, "Sample.received.cs")));
        Assert.False(File.Exists(Path.Combine(Snapshots, "Sample.verified.cs")));
    }

    [Fact]
    public void Matching_snapshot_passes_whatever_the_line_endings_and_removes_a_stale_received_file()
    {
        Directory.CreateDirectory(Snapshots);
        File.WriteAllText(Path.Combine(Snapshots, "Sample.verified.cs"), "class A\r\n{\r\n}\r\n");
        File.WriteAllText(Path.Combine(Snapshots, "Sample.received.cs"), "stale");

        SnapshotAssert.Matches("class A\n{\n}\n", "Sample", Snapshots);

        Assert.False(File.Exists(Path.Combine(Snapshots, "Sample.received.cs")));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
