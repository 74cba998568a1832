using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Lbdn.Cli.Hosting;

/// <summary>
/// Runs the lbdn command tree with the conventions every command shares, so a new command gets them by declaring its
/// options: plain output when piped or under NO_COLOR; a parse error (unknown command or option, a value of the wrong
/// type, an unusable --out/--plot/--checkpoint path) is one line plus a pointer to --help and exit code 2; --threads is
/// applied before the command runs; Ctrl+C ends with 130; an unexpected exception is one line and exit code 1.
/// </summary>
internal static partial class CliHost
{
    /// <summary>Parses <paramref name="args"/> against <paramref name="root"/> and runs the command; the process exit code.</summary>
    public static int Run(RootCommand root, string[] args)
    {
        Terminal.Configure();
        foreach (var option in OutputOptions(root))
        {
            OutputFile.Validate(option);
        }

        var parse = root.Parse(args);
        var name = CommandName(parse.CommandResult);
        var command = parse.CommandResult.Command;
        var threads = command.Options.OfType<Option<int>>().FirstOrDefault(o => o.Name == "--threads");
        var error = parse.Action is not ParseErrorAction ? null
            : parse.UnmatchedTokens.Count > 0 ? $"unknown command, option or argument '{parse.UnmatchedTokens[0]}'."
            : command.Subcommands.Count > 0 ? $"give a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))}."
            : Describe(parse.Errors[0].Message);
        if (error is null && threads is not null && parse.GetValue(threads) is var count and < 1)
        {
            error = $"--threads must be at least 1, got {count}.";
        }

        if (error is not null)
        {
            Console.Error.WriteLine($"{name}: {error} See '{name} --help'.");
            return ExitCode.Usage;
        }

        // not for --help, which needs no TorchSharp
        if (threads is not null && parse.Action == command.Action)
        {
            Threads.Apply(parse.GetValue(threads));
        }

        // Ctrl+C: one line, then the default action ends the process by SIGINT, which shells and .NET report as 130. (Exiting
        // from the handler instead can crash TorchSharp's threads mid-operation.) A checkpointed training resumes on rerun.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Console.Error.WriteLine($"{name}: interrupted."));
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"{name}: failed: {e.GetType().Name}: {e.Message}");
            return ExitCode.Failure;
        }
    }

    // Every option naming a file to write that carries no check of its own (a folder option brings its own).
    private static IEnumerable<Option<string?>> OutputOptions(Command command) =>
        command.Options.OfType<Option<string?>>().Where(o => OutputFile.OptionNames.Contains(o.Name) && o.Validators.Count == 0)
            .Concat(command.Subcommands.SelectMany(OutputOptions));

    // "lbdn plot history" for the command the arguments reached.
    private static string CommandName(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new List<string>();
        for (var current = result; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, current.Command is RootCommand ? "lbdn" : current.Command.Name);
        }

        return string.Join(' ', names);
    }

    // The parser names CLR types ("expected type 'System.Double'"); users know numbers.
    private static string Describe(string message)
    {
        var described = ClrType().Replace(message, match => match.Groups[1].Value switch
        {
            "Double" or "Single" => "a number",
            "Int32" or "Int64" => "an integer",
            "Boolean" => "true or false",
            var other => other,
        });
        return described.EndsWith('.') ? described : described + ".";
    }

    [GeneratedRegex(@"expected type 'System\.(?:Nullable`1\[System\.)?(\w+)\]?'")]
    private static partial Regex ClrType();
}
