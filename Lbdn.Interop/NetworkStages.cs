using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>The stages of a network that hold parameters, in forward order, with their names for messages.</summary>
internal static class NetworkStages
{
    /// <summary>
    /// The parameterised stages of <paramref name="target"/>: for an <see cref="ILipschitzNetwork"/> its stages (nested
    /// networks expanded), otherwise the module itself as one stage.
    /// </summary>
    public static IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Stage)> Parameterised(nn.Module<Tensor, Tensor> target)
    {
        var names = target.named_modules().ToDictionary(m => (object)m.module, m => m.name, ReferenceEqualityComparer.Instance);
        return [.. All(target)
            .Where(stage => stage.parameters().Any())
            .Select(stage => (names.TryGetValue(stage, out var name) && name.Length > 0 ? name : stage.GetType().Name, stage))];
    }

    /// <summary>Every stage of <paramref name="target"/> in forward order, nested networks expanded.</summary>
    public static IEnumerable<nn.Module<Tensor, Tensor>> All(nn.Module<Tensor, Tensor> target) =>
        target is ILipschitzNetwork network
            ? network.Stages.SelectMany(stage => stage is ILipschitzNetwork ? All(stage) : [stage])
            : [target];

    /// <summary>The input shape of <paramref name="target"/> without the batch dimension.</summary>
    public static long[] InputShape(nn.Module<Tensor, Tensor> target) => target switch
    {
        ILipschitzNetwork network => network.InputShape,
        SandwichLayer layer => [layer.InFeatures],
        SandwichLinear layer => [layer.InFeatures],
        OrthogonalLinear layer => [layer.InFeatures],
        AolLinear layer => [layer.InFeatures],
        SllLinear layer => [layer.Features],
        SandwichConv2d layer => [layer.InChannels, layer.Size, layer.Size],
        SandwichConvLinear layer => [layer.InChannels, layer.Size, layer.Size],
        OrthogonalConv2d layer => [layer.InChannels, layer.Size, layer.Size],
        AolConv2d or SllConv2d => throw new ReferenceCheckpointException(
            $"{target.GetType().Name} runs on any image size, so a bare layer has no input shape for the check batch; export it inside a LipschitzSequential that declares one."),
        _ => throw new ReferenceCheckpointException($"{target.GetType().Name} has no reference equivalent to export."),
    };
}
