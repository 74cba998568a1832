using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// min(global, ||U P|| ||P V||) per sample for h_out = U sigma(V h_in + b), P the mask of sigma's varying neurons
/// (<see cref="MaskedMaps"/>); ||P V|| alone without U. Exact norms come from <see cref="MaskedSpectralNorm"/>.
/// </summary>
internal sealed class MaskedLocalBound : ILocalBound
{
    private readonly MaskedSpectralNorm inner;
    private readonly MaskedSpectralNorm? outer;
    private readonly double global;

    public MaskedLocalBound(MaskedMaps maps, double global)
    {
        inner = new MaskedSpectralNorm(maps.Inner);
        outer = maps.Outer is null ? null : new MaskedSpectralNorm(maps.Outer);
        this.global = global;
    }

    public int Activations => 1;

    // The exact kind solves only where the lower estimate leaves the product below the global bound (elsewhere the minimum
    // is the global bound).
    public Tensor? Bound(IReadOnlyList<NeuronBounds> activations, NormBound kind)
    {
        var mask = activations[0].Varying.to_type(ScalarType.Float64);
        if (kind != NormBound.Exact)
        {
            return Product(kind, mask).clamp_max(global);
        }

        var local = full([mask.shape[0]], global, dtype: ScalarType.Float64, device: mask.device);
        var open = (Product(NormBound.Lower, mask) < global).nonzero().squeeze(1);
        return open.numel() == 0 ? local : local.index_copy(0, open, Product(kind, mask.index_select(0, open)).clamp_max(global));
    }

    public void Dispose()
    {
        inner.Dispose();
        outer?.Dispose();
    }

    // ||U P|| ||P V||.
    private Tensor Product(NormBound kind, Tensor mask)
    {
        var local = inner.Bound(kind, mask, null);
        return outer is null ? local : local * outer.Bound(kind, null, mask);
    }
}
