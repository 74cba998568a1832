using Lbdn.Interop;
using Lbdn.Layers;
using Lbdn.Tests.Cli;
using static TorchSharp.torch;

namespace Lbdn.Tests.Interop;

/// <summary>lbdn import / lbdn export on the mnist-sandwich network, with a reference checkpoint written by the export API.</summary>
[Integration]
public sealed class InteropCliTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lbdn-cli-interop-").FullName;

    [Fact]
    public void Import_verifies_and_saves_a_reference_checkpoint_and_export_writes_it_back()
    {
        random.manual_seed(5);
        using (var reference = new LipschitzSequential([784],
            new SandwichLayer(784, 190), new SandwichLayer(190, 190), new SandwichLayer(190, 128), new SandwichLinear(128, 10)))
        {
            ReferenceExport.Write(reference, Path.Combine(folder, "reference.safetensors"));
        }

        var imported = LbdnProcess.Run(folder, "import", "--from", "lbdn-pytorch", "--checkpoint", "reference.safetensors", "--network", "mnist-sandwich", "--out", "m.bin");
        var exported = LbdnProcess.Run(folder, "export", "--pytorch", "back.safetensors", "--network", "mnist-sandwich", "--model", "m.bin");
        var wrongNetwork = LbdnProcess.Run(folder, "import", "--from", "lbdn-pytorch", "--checkpoint", "reference.safetensors", "--network", "mnist-conv");
        var wrongFormat = LbdnProcess.Run(folder, "import", "--from", "onnx", "--checkpoint", "reference.safetensors", "--network", "mnist-sandwich");

        Assert.True(imported.ExitCode == 0, imported.Error);
        Assert.Contains("check batch reproduced", imported.Output);
        Assert.True(exported.ExitCode == 0, exported.Error);
        var first = ReferenceCheckpoint.Read(Path.Combine(folder, "reference.safetensors"));
        var back = ReferenceCheckpoint.Read(Path.Combine(folder, "back.safetensors"));
        // The generated network adds its (unit) input and output scales as modules 0 and 5, so layer i is module i + 1.
        Assert.Equal(first.Count, back.Count);
        foreach (var (key, value) in first)
        {
            var index = int.Parse(key.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(0.0, (back[$"{index + 1}.{key.Split('.')[1]}"] - value).abs().max().ToDouble());
        }

        Assert.Equal(2, wrongNetwork.ExitCode);
        Assert.StartsWith("lbdn import: reference parameter '0.weight' has shape [190, 974]", wrongNetwork.Error);
        Assert.Single(wrongNetwork.Error.Trim().Split('\n'));
        Assert.Equal(2, wrongFormat.ExitCode);
        Assert.Contains("unknown --from 'onnx'", wrongFormat.Error);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
