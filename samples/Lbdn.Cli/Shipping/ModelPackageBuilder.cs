using System.Diagnostics;

namespace Lbdn.Cli.Shipping;

/// <summary>
/// Writes a <see cref="ModelPackageTemplate"/> project with its weights into a folder and runs <c>dotnet pack</c> on it
/// against the local feed that holds the Lbdn.Inference package.
/// </summary>
internal static class ModelPackageBuilder
{
    /// <summary>The id of the one Lbdn package a model package depends on.</summary>
    public const string InferencePackage = "Lbdn.Inference";

    /// <summary>The folder beside the CLI where its build puts the Lbdn.Inference package.</summary>
    public static string BundledFeed => Path.Combine(AppContext.BaseDirectory, "packages");

    /// <summary>The Lbdn.Inference package in <paramref name="feed"/> (the highest version when several), or null.</summary>
    public static string? FindInference(string feed) =>
        Directory.Exists(feed)
            ? Directory.GetFiles(feed, $"{InferencePackage}.*.nupkg")
                .Where(path => char.IsDigit(Path.GetFileName(path)[(InferencePackage.Length + 1)..][0]))
                .OrderBy(path => System.Version.TryParse(VersionOf(path).Split('-')[0], out var v) ? v : new System.Version())
                .ThenBy(path => path, StringComparer.Ordinal)
                .LastOrDefault()
            : null;

    /// <summary>The version in a package file name: Lbdn.Inference.0.1.0.nupkg gives 0.1.0.</summary>
    public static string VersionOf(string package) => Path.GetFileNameWithoutExtension(package)[(InferencePackage.Length + 1)..];

    /// <summary>Writes the project files and a copy of <paramref name="weights"/> into <paramref name="folder"/>.</summary>
    public static void WriteProject(ModelPackageTemplate template, string weights, string folder)
    {
        foreach (var (relative, text) in template.Files())
        {
            AtomicFile.WriteText(Path.Combine(folder, relative), text);
        }

        AtomicFile.Write(Path.Combine(folder, ModelPackageTemplate.WeightsFile), temporary => File.Copy(weights, temporary));
    }

    /// <summary>
    /// Packs the project in <paramref name="folder"/> into <paramref name="output"/>, restoring Lbdn.Inference from
    /// <paramref name="feed"/> into a private packages folder (the global one serves everything else read-only);
    /// returns the exit code and the tool's output.
    /// </summary>
    public static (int ExitCode, string Output) Pack(string folder, string project, string feed, string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "pack", project, "-c", "Release", "-o", output, "--nologo",
            $"-p:RestoreAdditionalProjectSources={feed}",
            $"-p:RestorePackagesPath={Path.Combine(folder, "packages")}",
            $"-p:RestoreFallbackFolders={GlobalPackages()}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // A CLI started by dotnet run inherits MSBuild's variables, which would point the child build at the wrong SDK paths.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var error = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, text + error.Result);
    }

    private static string GlobalPackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
