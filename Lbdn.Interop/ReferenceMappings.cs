using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>The catalogue of layer mappings: one entry per Lbdn layer kind with a reference equivalent.</summary>
internal static class ReferenceMappings
{
    private static readonly IReferenceMapping[] All =
    [
        new DenseSandwichMapping(),
        new DenseOrthogonalMapping(),
        new ConvSandwichMapping(),
        new ConvOrthogonalMapping(),
        new AolMapping(),
        new AolConvMapping(),
        new DenseSllMapping(),
        new ConvSllMapping(),
    ];

    /// <summary>The mapping of <paramref name="stage"/>, or null when its kind has none (scales, flatten, unsupported layers).</summary>
    public static IReferenceMapping? Find(nn.Module<Tensor, Tensor> stage) => All.FirstOrDefault(m => m.Handles(stage));

    /// <summary>The mapping of <paramref name="stage"/>; throws naming the stage when its kind has no reference equivalent.</summary>
    public static IReferenceMapping For(nn.Module<Tensor, Tensor> stage, string stageName) =>
        Find(stage)
        ?? throw new ReferenceCheckpointException(
            $"stage '{stageName}' ({stage.GetType().Name}) has no equivalent in the reference implementation, so no reference parameter can be placed on it.");
}
