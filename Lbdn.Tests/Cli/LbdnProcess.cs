using System.Diagnostics;
using Lbdn.Tests.Packaging;

namespace Lbdn.Tests.Cli;

/// <summary>Runs the built lbdn CLI (samples/Lbdn.Cli, same configuration as the tests) in a child process.</summary>
internal static class LbdnProcess
{
    public static (int ExitCode, string Output, string Error) Run(string workingDirectory, params string[] arguments) =>
        Finish(Start(workingDirectory, arguments));

    /// <summary>Starts lbdn with stdout and stderr redirected (so both are pipes, not a terminal).</summary>
    public static Process Start(string workingDirectory, params string[] arguments)
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
        return Process.Start(start)!;
    }

    /// <summary>Waits for <paramref name="process"/> and collects what it wrote.</summary>
    public static (int ExitCode, string Output, string Error) Finish(Process process)
    {
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
    }

    /// <summary>
    /// Runs lbdn on a pseudo-terminal (util-linux <c>script</c>) with <paramref name="environment"/> added, so that it sees a
    /// TTY; returns its exit code and everything it wrote to the terminal.
    /// </summary>
    public static (int ExitCode, string Terminal) RunInTerminal(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("script") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        var command = string.Join(' ', new[] { "dotnet", CliAssembly() }.Concat(arguments).Select(a => $"'{a}'"));
        foreach (var argument in new[] { "-qec", command, "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var (exitCode, output, error) = Finish(Process.Start(start)!);
        return (exitCode, output + error);
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
