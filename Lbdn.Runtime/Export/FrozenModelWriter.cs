using Lbdn.Certification;
using Lbdn.Inference;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Export;

/// <summary>
/// Writes a Lipschitz network as a frozen-model file (safetensors, docs/model-format.md): the steps of its float64 freeze
/// (the copy certificates are computed on, <see cref="FrozenNetwork.From(ILipschitzNetwork, ScalarType)"/>) as <c>.f64</c>
/// tensors and those of its float32 freeze as <c>.f32</c> tensors, with the layer list, bound, gamma, name, the last affine
/// weight of the per-pair certificate and an optional certification table in the metadata.
/// </summary>
public static class FrozenModelWriter
{
    /// <summary>The frozen-model file of <paramref name="network"/>'s current parameters.</summary>
    /// <param name="network">The network to freeze.</param>
    /// <param name="name">The declaration's name, e.g. MnistSandwich.</param>
    /// <param name="gamma">The gamma it was declared or trained with; its Lipschitz bound when null.</param>
    /// <param name="certification">The certification table to ship with it, if any.</param>
    /// <exception cref="NotSupportedException">A stage freezes into a step the format does not describe.</exception>
    public static FrozenModelFile Create(ILipschitzNetwork network, string name, double? gamma = null, CertificationTable? certification = null)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var wide = FrozenNetwork.From(network, ScalarType.Float64);
        using var narrow = FrozenNetwork.From(network, ScalarType.Float32);
        if (wide.Steps.Count != narrow.Steps.Count)
        {
            throw new InvalidOperationException($"The float64 and float32 freezes have {wide.Steps.Count} and {narrow.Steps.Count} steps.");
        }

        var tensors = new List<FrozenTensor>();
        var layers = new List<FrozenLayer>();
        var shape = network.InputShape.Select(d => (int)d).ToArray();
        for (var k = 0; k < wide.Steps.Count; k++)
        {
            var layer = FrozenStepCodec.Describe(wide.Steps[k], shape, k);
            tensors.AddRange(FrozenStepCodec.Tensors(wide.Steps[k], k, float64: true));
            tensors.AddRange(FrozenStepCodec.Tensors(narrow.Steps[k], k, float64: false));
            layers.Add(layer);
            shape = layer.OutputShape;
        }

        using var last = LastAffine.Of(network);
        if (last is not null)
        {
            int[] weightShape = [.. last.Weight.shape.Select(d => (int)d)];
            tensors.Add(FrozenTensor.FromDoubles(FrozenModelFile.LastWeight(float64: true), weightShape, last.Weight.data<double>().ToArray()));
            tensors.Add(FrozenTensor.FromSingles(FrozenModelFile.LastWeight(float64: false), weightShape,
                last.Weight.to_type(ScalarType.Float32).data<float>().ToArray()));
        }

        var metadata = new FrozenModelMetadata(
            name, network.LipschitzBound, gamma ?? network.LipschitzBound, [.. network.InputShape.Select(d => (int)d)],
            shape.Aggregate(1, (product, d) => product * d), layers, last?.PenultimateBound, certification);
        return new FrozenModelFile(metadata, tensors);
    }

    /// <summary>Writes <see cref="Create"/>'s file to <paramref name="path"/> atomically.</summary>
    public static void Write(ILipschitzNetwork network, string path, string name, double? gamma = null, CertificationTable? certification = null) =>
        Create(network, name, gamma, certification).Write(path);
}
