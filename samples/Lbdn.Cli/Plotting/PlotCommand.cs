using System.CommandLine;

namespace Lbdn.Cli.Plotting;

/// <summary><c>lbdn plot history|certified</c>: PNG charts of a training history or a certification report.</summary>
internal static class PlotCommand
{
    public static Command Create() => new("plot", "Draw PNG charts from the JSON files of train and certify.")
    {
        Subcommand("history", "Loss and test accuracy per epoch from runs/<network>.history.json files (several are overlaid).",
            maxInputs: int.MaxValue, (inputs, output, title) => Charts.TrainingCurves([.. inputs.Select(TrainingHistory.Read)], title, output)),
        Subcommand("certified", "Certified accuracy against the l2 radius from the JSON rows of lbdn certify.",
            maxInputs: 1, (inputs, output, title) =>
                Charts.CertifiedAccuracy(RadiusRow.ReadAll(inputs[0]), title ?? Path.GetFileNameWithoutExtension(inputs[0]), output)),
    };

    private static Command Subcommand(string name, string description, int maxInputs, Action<string[], string, string?> draw)
    {
        var input = new Argument<string[]>("input") { Description = "The JSON file to plot.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "The PNG to write; the (first) input's name with .png by default." };
        var title = new Option<string?>("--title") { Description = "Chart title; by default one made from the input." };
        var command = new Command(name, description) { input, output, title };
        command.SetAction(result =>
        {
            var sources = result.GetValue(input)!;
            if (sources.Length > maxInputs)
            {
                Console.Error.WriteLine($"lbdn plot {name}: takes {maxInputs} input file, got {sources.Length}.");
                return 2;
            }

            var target = result.GetValue(output) ?? Path.ChangeExtension(sources[0], ".png");
            if (sources.FirstOrDefault(source => !File.Exists(source)) is { } missing)
            {
                Console.Error.WriteLine($"lbdn plot {name}: input file '{missing}' does not exist.");
                return 2;
            }

            try
            {
                draw(sources, target, result.GetValue(title));
            }
            catch (InvalidDataException e)
            {
                Console.Error.WriteLine($"lbdn plot {name}: {e.Message}");
                return 2;
            }

            Console.WriteLine(target);
            return 0;
        });
        return command;
    }
}
