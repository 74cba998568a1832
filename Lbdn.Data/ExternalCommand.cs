using System.Diagnostics;

namespace Lbdn.Data;

/// <summary>Runs a command-line tool and returns its standard output, throwing with its error output on failure.</summary>
internal static class ExternalCommand
{
    public static string Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new IOException($"Could not start '{fileName}'.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            process.WaitForExitAsync(deadline.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new IOException($"'{fileName} {string.Join(' ', start.ArgumentList)}' did not finish within {timeout.TotalSeconds:0} s.");
        }
        if (process.ExitCode != 0)
        {
            throw new IOException($"'{fileName} {string.Join(' ', start.ArgumentList)}' failed with exit code {process.ExitCode}: {error.GetAwaiter().GetResult().Trim()}");
        }

        return output.GetAwaiter().GetResult();
    }
}
