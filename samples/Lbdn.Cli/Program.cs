using System.CommandLine;
using Lbdn.Cli;
using Lbdn.Cli.Certification;
using Lbdn.Cli.Hosting;
using Lbdn.Cli.Interop;
using Lbdn.Cli.Plotting;
using Lbdn.Cli.Shipping;

var root = new RootCommand("Lbdn: train, certify and ship neural networks with a proven Lipschitz bound.")
{
    MnistCommand.Create(),
    ToyCommand.Create(),
    TrainCommand.Create(),
    PlotCommand.Create(),
    FreezeCommand.Create(),
    CertifyCommand.Create(),
    ExportCommand.Create(),
    PackCommand.Create(),
    ImportCommand.Create(),
};

return CliHost.Run(root, args);
