namespace Lbdn.IO;

/// <summary>
/// Writes files through a temporary sibling renamed over the target, so readers never see half a file. One source, compiled
/// into Lbdn.Inference, Lbdn.Interop and the CLI (linked in their project files), so every writer of the toolkit behaves alike.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Lets <paramref name="write"/> fill a temporary path, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = $"{full}.tmp-{Guid.NewGuid():N}";
        try
        {
            write(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="text"/> atomically.</summary>
    public static void WriteText(string path, string text) => Write(path, temporary => File.WriteAllText(temporary, text));
}
