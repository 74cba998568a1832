using System.CommandLine;

namespace Lbdn.Cli.Hosting;

/// <summary>
/// Output files of the commands: checked before any work starts (an existing folder, a parent that is a file, a folder
/// where nothing can be created, such as /proc, are usage errors), and written atomically with a fallback so that a result
/// is never lost when the final write still fails.
/// </summary>
internal static class OutputFile
{
    /// <summary>The options that name a file a command writes; <see cref="CliHost"/> checks them on every command that has one.</summary>
    public static readonly string[] OptionNames = ["--out", "--plot", "--checkpoint"];

    /// <summary>Why <paramref name="path"/> cannot be written as a file, or null when it can.</summary>
    public static string? Problem(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return "the path is empty";
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"'{path}' is not a valid path ({e.Message})";
        }

        if (Directory.Exists(full) || Path.EndsInDirectorySeparator(path))
        {
            return $"'{path}' is a folder; give a file name inside it";
        }

        var folder = Path.GetDirectoryName(full)!;
        while (!Directory.Exists(folder))
        {
            if (File.Exists(folder))
            {
                return $"'{folder}' is a file, so '{path}' cannot be created under it";
            }

            folder = Path.GetDirectoryName(folder)!;
        }

        return Unwritable(folder) is { } reason ? $"nothing can be created in '{folder}' ({reason})" : null;
    }

    /// <summary>Adds the <see cref="Problem"/> check to <paramref name="option"/>, so that parsing reports it as a usage error.</summary>
    public static void Validate(Option<string?> option) => option.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<string?>() is { } path && Problem(path) is { } problem)
        {
            result.AddError($"{option.Name}: {problem}.");
        }
    });

    /// <summary>
    /// Writes <paramref name="path"/> atomically through <paramref name="write"/>. When that fails, writes the same file into
    /// the first of <paramref name="fallbackFolders"/> (then the temporary folder) that accepts it and says so on stderr.
    /// Returns the path written, or null when no place accepted it (also said on stderr).
    /// </summary>
    public static string? Save(string command, string path, Action<string> write, params string?[] fallbackFolders)
    {
        string reason;
        try
        {
            AtomicFile.Write(path, write);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = e.Message;
        }

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        foreach (var folder in fallbackFolders.Append(Path.Combine(Path.GetTempPath(), "lbdn")).OfType<string>())
        {
            var candidate = Path.Combine(folder, name);
            if (Path.GetFullPath(candidate) == Path.GetFullPath(path) || Directory.Exists(candidate))
            {
                candidate += ".saved";
            }

            try
            {
                AtomicFile.Write(candidate, write);
                Console.Error.WriteLine($"lbdn {command}: cannot write '{path}' ({reason}); saved it to '{candidate}' instead.");
                return candidate;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // try the next folder
            }
        }

        Console.Error.WriteLine($"lbdn {command}: cannot write '{path}' ({reason}), nor into any fallback folder.");
        return null;
    }

    /// <summary>Writes <paramref name="text"/> like <see cref="Save"/>.</summary>
    public static string? SaveText(string command, string path, string text, params string?[] fallbackFolders) =>
        Save(command, path, temporary => File.WriteAllText(temporary, text), fallbackFolders);

    /// <summary>The folder of <paramref name="path"/> (the current folder for a bare name), for fallbacks.</summary>
    public static string FolderOf(string path) => Path.GetDirectoryName(Path.GetFullPath(path))!;

    // Creating (then deleting) a file is the only check that sees read-only mounts, /proc and permissions alike.
    private static string? Unwritable(string folder)
    {
        var probe = Path.Combine(folder, $".lbdn-write-check-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "permission denied";
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "it accepts no new files";
        }
        catch (IOException e)
        {
            return e.Message.Replace($" : '{probe}'", "").Replace($"'{probe}'", "the folder");
        }
    }
}
