using System.CommandLine;
using Lbdn.Cli;
using Lbdn.Cli.Certification;
using Lbdn.Cli.Interop;
using Lbdn.Cli.Plotting;

var root = new RootCommand("Lbdn: train, certify and ship neural networks with a proven Lipschitz bound.")
{
    MnistCommand.Create(),
    ToyCommand.Create(),
    TrainCommand.Create(),
    PlotCommand.Create(),
    FreezeCommand.Create(),
    CertifyCommand.Create(),
    ImportCommand.Create(),
    ExportCommand.Create(),
};

return root.Parse(args).Invoke();
