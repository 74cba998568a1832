using Lbdn.Tests.Cli;

namespace Lbdn.Tests.Packaging;

/// <summary>
/// Runs <c>lbdn pack</c> once on the frozen model checked in as samples/MnistModel/Weights/model.safetensors, with the
/// options of samples/MnistModel/regenerate.sh, into a temporary feed, keeping the generated project.
/// </summary>
public sealed class PackedMnistModel : IDisposable
{
    public const string Id = "Lbdn.Samples.MnistModel";

    public const string Version = "0.1.0";

    public PackedMnistModel()
    {
        Root = Directory.CreateTempSubdirectory("lbdn-pack-").FullName;
        Sample = Path.Combine(DotnetCli.RepositoryRoot(), "samples", "MnistModel");
        (ExitCode, Output, Error) = LbdnProcess.Run(Root,
            "pack", "--model", Path.Combine(Sample, "Weights", "model.safetensors"), "--id", Id, "--class", "MnistModel",
            "--version", Version, "--out", Feed, "--project", Project);
    }

    public string Root { get; }

    /// <summary>The checked-in sample folder.</summary>
    public string Sample { get; }

    /// <summary>The --out folder: the model package and the Lbdn.Inference package.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The --project folder: the generated sources, README and weights.</summary>
    public string Project => Path.Combine(Root, "project");

    public int ExitCode { get; }

    public string Output { get; }

    public string Error { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
