namespace Lbdn.Cli.Hosting;

/// <summary>The exit codes of every lbdn command; Ctrl+C ends the process by SIGINT, reported as 130 (128 + 2).</summary>
internal static class ExitCode
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command line was fine but the work failed: data unavailable, a corrupt file, a failed check, a write that had to go elsewhere.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: unknown command or option, a bad value, an unusable output path, a model of another network.</summary>
    public const int Usage = 2;
}
