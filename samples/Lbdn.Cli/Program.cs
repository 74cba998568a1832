using System.CommandLine;
using Lbdn.Cli;
using Lbdn.Cli.Plotting;

var root = new RootCommand("Lbdn: train, certify and ship neural networks with a proven Lipschitz bound.")
{
    ToyCommand.Create(),
    TrainCommand.Create(),
    PlotCommand.Create(),
    FreezeCommand.Create(),
};

return root.Parse(args).Invoke();
