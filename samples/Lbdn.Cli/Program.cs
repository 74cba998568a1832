using System.CommandLine;
using Lbdn.Cli;

var root = new RootCommand("Lbdn: train, certify and ship neural networks with a proven Lipschitz bound.")
{
    ToyCommand.Create(),
    TrainCommand.Create(),
};

return root.Parse(args).Invoke();
