using Spectre.Console;

namespace Lbdn.Cli.Hosting;

/// <summary>
/// The console every command writes through (Spectre.Console's <see cref="AnsiConsole"/>): plain text without escape codes,
/// live redraws or line wrapping when stdout is not a terminal or NO_COLOR is set (https://no-color.org), styled otherwise.
/// </summary>
internal static class Terminal
{
    /// <summary>Configures <see cref="AnsiConsole"/> for this process; call once before any output.</summary>
    public static void Configure()
    {
        var piped = Console.IsOutputRedirected;
        if (!piped && !NoColor)
        {
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = piped ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (piped)
        {
            // Spectre wraps at the terminal width, 80 columns when there is none: lines stay whole for files and pipes.
            console.Profile.Width = short.MaxValue;
        }

        AnsiConsole.Console = console;
    }

    /// <summary>True when progress bars can redraw in place; otherwise commands print one line per finished step only.</summary>
    public static bool Live => AnsiConsole.Profile.Capabilities is { Interactive: true, Ansi: true };

    /// <summary>True when NO_COLOR is set to a non-empty value.</summary>
    private static bool NoColor => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
}
