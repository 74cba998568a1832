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
}
