using Lbdn.Cli.Networks;
using Lbdn.Cli.Plotting;
using Lbdn.Data;
using Lbdn.Export;
using Lbdn.Inference;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Cli;

/// <summary>The frozen-model file (.safetensors) <c>lbdn freeze</c> writes, with the certification table it ships.</summary>
internal static class ShippedCertificate
{
    /// <summary>The rows of <c>lbdn certify</c> at <paramref name="path"/> as a table measured on <paramref name="dataset"/>'s test set.</summary>
    /// <exception cref="InvalidDataException">The file is not a list of certify rows.</exception>
    public static CertificationTable Table(string path, DatasetName dataset)
    {
        var descriptor = DatasetCatalog.Get(dataset);
        var rows = RadiusRow.ReadAll(path)
            .Select(r => new CertificationRow(r.Radius, r.CleanAccuracy, r.CertifiedGlobal, r.CertifiedLocal, r.PgdAccuracy))
            .ToList();
        return new CertificationTable(descriptor.FolderName, descriptor.TestImages.Sha256, rows);
    }

    /// <summary>Writes <paramref name="live"/>'s frozen-model file, atomically, under the generated declaration's name.</summary>
    public static void Write(nn.Module<Tensor, Tensor> live, NetworkEntry entry, double? gamma, CertificationTable? table, string path)
    {
        var generated = (ILipschitzNetwork)live;
        var declaration = generated is LipschitzSequential wrapper ? wrapper.Stages[0].GetType().Name : live.GetType().Name;
        // The network as lbdn certify sees it; it shares live's modules.
        var network = new LipschitzSequential(entry.InputShape, live);
        FrozenModelWriter.Write(network, path, declaration, gamma ?? entry.DeclaredBound, table);
    }
}
