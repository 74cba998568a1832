using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// min(global, ||U P|| ||P V||, max over the slope box of ||U S V||) per sample for h_out = U sigma(V h_in + b), P the mask of
/// sigma's varying neurons (<see cref="MaskedMaps"/>) and the slope box bounded by <see cref="SandwichJacobianBound"/>;
/// ||P V|| alone without U. Exact norms come from <see cref="MaskedSpectralNorm"/> and the float64 eigensolver.
/// </summary>
internal sealed class MaskedLocalBound : ILocalBound
{
    private readonly MaskedSpectralNorm inner;
    private readonly MaskedSpectralNorm? outer;
    private readonly SandwichJacobianBound? slopes;
    private readonly double global;

    public MaskedLocalBound(MaskedMaps maps, double global)
    {
        inner = new MaskedSpectralNorm(maps.Inner);
        outer = maps.Outer is null ? null : new MaskedSpectralNorm(maps.Outer);
        slopes = maps.Outer is null ? null : new SandwichJacobianBound(maps.Outer, maps.Inner);
        this.global = global;
    }

    public int Activations => 1;

    // The exact kind solves only where the lower estimate leaves the bound below the global one (elsewhere the minimum
    // is the global bound).
    public Tensor? Bound(IReadOnlyList<NeuronBounds> activations, NormBound kind)
    {
        var bounds = activations[0];
        var mask = bounds.Varying.to_type(ScalarType.Float64);
        if (kind == NormBound.Upper)
        {
            return Product(kind, mask).clamp_max(global);
        }

        var lower = Product(NormBound.Lower, mask);
        lower = slopes is null ? lower : minimum(lower, slopes.Lower(bounds));
        if (kind == NormBound.Lower)
        {
            return lower.clamp_max(global);
        }

        var local = full([mask.shape[0]], global, dtype: ScalarType.Float64, device: mask.device);
        var open = (lower < global).nonzero().squeeze(1);
        if (open.numel() == 0)
        {
            return local;
        }

        var exact = Product(kind, mask.index_select(0, open));
        exact = slopes is null ? exact : minimum(exact, slopes.Bound(Rows(bounds, open)));
        return local.index_copy(0, open, exact.clamp_max(global));
    }

    public void Dispose()
    {
        inner.Dispose();
        outer?.Dispose();
        slopes?.Dispose();
    }

    private static NeuronBounds Rows(NeuronBounds bounds, Tensor rows) =>
        bounds with { Lower = bounds.Lower.index_select(0, rows), Upper = bounds.Upper.index_select(0, rows), Varying = bounds.Varying.index_select(0, rows) };

    // ||U P|| ||P V||.
    private Tensor Product(NormBound kind, Tensor mask)
    {
        var local = inner.Bound(kind, mask, null);
        return outer is null ? local : local * outer.Bound(kind, null, mask);
    }
}
