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

    /// <summary>The slope-box bound of a sandwich layer (its maps U and V), or null for a dense layer.</summary>
    public SandwichJacobianBound? Slopes => slopes;

    // The exact kind solves only where the lower estimate leaves the bound below the global one (elsewhere the minimum
    // is the global bound), and the slope box only where its lower estimate lies below the exact product and global bounds
    // (elsewhere it cannot be the minimum).
    public Tensor? Bound(IReadOnlyList<NeuronBounds> activations, NormBound kind)
    {
        var bounds = activations[0];
        var mask = bounds.Varying.to_type(ScalarType.Float64);
        if (kind == NormBound.Upper)
        {
            return Product(kind, mask).clamp_max(global);
        }

        var vertexLower = slopes is null ? null : VertexLower(slopes, bounds);
        var lower = Product(NormBound.Lower, mask);
        lower = vertexLower is null ? lower : minimum(lower, vertexLower);
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

        var exact = Product(kind, mask.index_select(0, open)).clamp_max(global);
        if (slopes is not null && vertexLower is not null)
        {
            var needed = (vertexLower.index_select(0, open) < exact).nonzero().squeeze(1);
            if (needed.numel() > 0)
            {
                var vertex = slopes.Bound(bounds.Rows(open.index_select(0, needed)));
                exact = exact.index_copy(0, needed, minimum(exact.index_select(0, needed), vertex));
            }
        }

        return local.index_copy(0, open, exact);
    }

    public void Dispose()
    {
        inner.Dispose();
        outer?.Dispose();
        slopes?.Dispose();
    }

    // A lower estimate of the slope-box bound as computed: the centre's norm, plus the midpoint term ||U_R'|| ||V_R'|| / 2
    // on a subset R' of the neurons it covers.
    private Tensor VertexLower(SandwichJacobianBound vertices, NeuronBounds bounds)
    {
        var rest = vertices.Rest(bounds).to_type(ScalarType.Float64);
        return vertices.Lower(bounds) + (outer!.Bound(NormBound.Lower, null, rest) * inner.Bound(NormBound.Lower, rest, null) / 2);
    }

    // ||U P|| ||P V||.
    private Tensor Product(NormBound kind, Tensor mask)
    {
        var local = inner.Bound(kind, mask, null);
        return outer is null ? local : local * outer.Bound(kind, null, mask);
    }
}
