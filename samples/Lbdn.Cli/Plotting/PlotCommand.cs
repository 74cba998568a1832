using System.CommandLine;
using Lbdn.Cli.Hosting;

namespace Lbdn.Cli.Plotting;

/// <summary><c>lbdn plot history|certified</c>: PNG charts of a training history or a certification report.</summary>
internal static class PlotCommand
{
    public static Command Create() => new("plot", "Draw PNG charts from the JSON files of train and certify.")
    {
        Subcommand("history", "Loss and test accuracy per epoch from runs/<network>.history.json files (several are overlaid).",
            "History files written by lbdn train (runs/<network>.history.json); several are overlaid.",
            maxInputs: int.MaxValue, (inputs, title) => Charts.TrainingCurves([.. inputs.Select(TrainingHistory.Read)], title)),
        Subcommand("certified", "Certified accuracy against the l2 radius from the JSON rows of lbdn certify.",
            "The rows file written by lbdn certify (runs/<network>.certified.json).",
            maxInputs: 1, (inputs, title) => Charts.CertifiedAccuracy(RadiusRow.ReadAll(inputs[0]), title ?? Path.GetFileNameWithoutExtension(inputs[0]))),
    };

    private static Command Subcommand(
        string name, string description, string inputDescription, int maxInputs, Func<string[], string?, Action<string>> chart)
    {
        var input = new Argument<string[]>("input") { Description = inputDescription, Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "The PNG to write; the (first) input's name with .png by default." };
        var title = new Option<string?>("--title") { Description = "Chart title; by default one made from the input." };
        var command = new Command(name, description) { input, output, title };
        command.SetAction(result =>
        {
            var sources = result.GetValue(input)!;
            if (sources.Length > maxInputs)
            {
                return Fail(name, $"takes {maxInputs} input file, got {sources.Length}.");
            }

            if (sources.FirstOrDefault(source => !File.Exists(source)) is { } missing)
            {
                return Fail(name, $"input file '{missing}' does not exist.");
            }

            var target = result.GetValue(output) ?? Path.ChangeExtension(sources[0], ".png");
            if (OutputFile.Problem(target) is { } problem)
            {
                return Fail(name, $"--out: {problem}.");
            }

            Action<string> write;
            try
            {
                write = chart(sources, result.GetValue(title));
            }
            catch (InvalidDataException e)
            {
                return Fail(name, e.Message);
            }

            var written = OutputFile.Save($"plot {name}", target, write, OutputFile.FolderOf(sources[0]));
            if (written is not null)
            {
                Console.WriteLine(written);
            }

            return written == target ? ExitCode.Ok : ExitCode.Failure;
        });
        return command;
    }

    private static int Fail(string name, string message)
    {
        Console.Error.WriteLine($"lbdn plot {name}: {message}");
        return ExitCode.Usage;
    }
}
