using System.Reflection;

namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>
/// Approval of generated sources against Generators/Snapshots/NAME.verified.cs in the test project's source folder
/// (recorded at build time, since CI builds map source paths away). A mismatch writes
/// NAME.received.cs and fails; with LBDN_ACCEPT_SNAPSHOTS=1 (never when CI=true) the verified file is overwritten.
/// </summary>
internal static class SnapshotAssert
{
    private static readonly string SnapshotDirectory = typeof(SnapshotAssert).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "LbdnSnapshotDirectory").Value!;

    public static void Matches(string actual, string name) => Matches(actual, name, SnapshotDirectory);

    public static void Matches(string actual, string name, string directory)
    {
        var verifiedPath = Path.Combine(directory, name + ".verified.cs");
        var receivedPath = Path.Combine(directory, name + ".received.cs");
        var normalized = actual.Replace("\r\n", "\n");
        var verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (verified == normalized)
        {
            File.Delete(receivedPath);
            return;
        }

        var accept = Environment.GetEnvironmentVariable("LBDN_ACCEPT_SNAPSHOTS") == "1"
            && Environment.GetEnvironmentVariable("CI") != "true";
        if (accept)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, normalized);
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, normalized);
        Assert.Fail(verified is null
            ? $"No snapshot {verifiedPath}; review {receivedPath} and rename it to .verified.cs (or run with LBDN_ACCEPT_SNAPSHOTS=1)."
            : $"Generated source differs from {verifiedPath}; see {receivedPath}.");
    }
}
