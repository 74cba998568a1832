using System.Diagnostics;
using Lbdn.Tests.Packaging;

namespace Lbdn.Tests.Cli;

/// <summary>Runs the built lbdn CLI (samples/Lbdn.Cli, same configuration as the tests) in a child process.</summary>
internal static class LbdnProcess
{
    public static (int ExitCode, string Output, string Error) Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(CliAssembly());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    // bin/<Configuration>/net10.0 of the tests -> samples/Lbdn.Cli/bin/<Configuration>/net10.0/lbdn.dll
    private static string CliAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var path = Path.Combine(DotnetCli.RepositoryRoot(), "samples", "Lbdn.Cli", "bin", configuration, output.Name, "lbdn.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The lbdn CLI is not built at {path}.");
    }
}
