using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>A stage whose local bound is its global one, holding <paramref name="activations"/> activations.</summary>
internal sealed class GlobalLocalBound(int activations) : ILocalBound
{
    public int Activations => activations;

    public Tensor? Bound(IReadOnlyList<NeuronBounds> activations, NormBound kind) => null;

    public void Dispose()
    {
    }
}
