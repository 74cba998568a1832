using System.CommandLine;

namespace Lbdn.Cli.Plotting;

/// <summary><c>lbdn plot history|certified</c>: PNG charts of a training history or a certification report.</summary>
internal static class PlotCommand
{
    public static Command Create() => new("plot", "Draw PNG charts from the JSON files of train and certify.")
    {
        Subcommand("history", "Loss and test accuracy per epoch from a runs/<network>.history.json file.", (input, output, _) =>
            Charts.TrainingCurves(TrainingHistory.Read(input), output)),
        Subcommand("certified", "Certified accuracy against the l2 radius from the JSON rows of lbdn certify.", (input, output, title) =>
            Charts.CertifiedAccuracy(RadiusRow.ReadAll(input), title ?? Path.GetFileNameWithoutExtension(input), output)),
    };

    private static Command Subcommand(string name, string description, Action<string, string, string?> draw)
    {
        var input = new Argument<string>("input") { Description = "The JSON file to plot." };
        var output = new Option<string?>("--out") { Description = "The PNG to write; the input's name with .png by default." };
        var title = new Option<string?>("--title") { Description = "Chart title." };
        var command = new Command(name, description) { input, output, title };
        command.SetAction(result =>
        {
            var source = result.GetValue(input)!;
            var target = result.GetValue(output) ?? Path.ChangeExtension(source, ".png");
            if (!File.Exists(source))
            {
                Console.Error.WriteLine($"lbdn plot {name}: input file '{source}' does not exist.");
                return 2;
            }

            try
            {
                draw(source, target, result.GetValue(title));
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
