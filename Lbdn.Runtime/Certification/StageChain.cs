using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Local bounds per stage of the unfused network, each at most the stage's proven global bound: for a sandwich layer with
/// P the projector on its varying neurons, min(1, ||sqrt(2) A^T Psi P|| ||P sqrt(2) Psi^-1 B||) (Wang and Manchester,
/// ICML 2023, restricted to the ball) and, tighter, the worst vertex of its slope box (<see cref="SandwichJacobianBound"/>); for dense and orthogonal layers with elementwise activations min(c, ||D W||); the
/// global bound for every other stage. Their product bounds the network on the ball, often far below the fused chain.
/// The matrices come from each stage frozen in float64, the weights the certified copy is built from.
/// </summary>
internal sealed class StageChain : IDisposable
{
    private readonly List<StageFactor> factors = [];

    public StageChain(ILipschitzNetwork network)
    {
        using var _ = no_grad();
        var activation = 0;
        foreach (var stage in network.Stages)
        {
            var global = ((ILipschitzModule)stage).LipschitzBound;
            using var frozen = stage is IFreezable freezable ? freezable.Freeze(ScalarType.Float64) : null;
            var steps = frozen is null ? [] : Unnest(frozen).ToList();
            var linear = steps.OfType<FrozenLinear>().ToList();
            factors.Add(stage switch
            {
                SandwichLayer => Sandwich(linear[0].Weight, linear[^1].Weight, global, activation),
                DenseLayer dense when LipschitzActivation.IsSlopeRestricted(dense.Sigma.Kind) => Masked(linear[0].Weight, global, activation),
                OrthogonalLinear orthogonal when LipschitzActivation.IsSlopeRestricted(orthogonal.Sigma.Kind) => Masked(linear[0].Weight, global, activation),
                _ => new StageFactor(global, activation, null, null),
            });
            activation += steps.Count(step => step is LipschitzActivation);
        }

        ActivationCount = activation;
    }

    /// <summary>The number of activations over all stages; must match the certified steps for the masks to line up.</summary>
    public int ActivationCount { get; }

    /// <summary>
    /// eps times the product of the local bounds of the first k stages, per sample, for every k from 0 to the number of
    /// stages, from the varying masks of every activation of the network in order.
    /// </summary>
    public IReadOnlyList<Tensor> Radii(IReadOnlyList<NeuronBounds> activations, double eps, NormBound kind)
    {
        var (batch, device) = activations.Count > 0 ? (activations[0].Varying.shape[0], activations[0].Varying.device) : (1L, CPU);
        var radii = new List<Tensor> { full([batch], eps, dtype: ScalarType.Float64, device: device) };
        foreach (var factor in factors)
        {
            radii.Add(radii[^1] * factor.Local(activations, kind));
        }

        return radii;
    }

    public void Dispose()
    {
        foreach (var factor in factors)
        {
            factor.Outer?.Dispose();
            factor.Inner?.Dispose();
            factor.Jacobian?.Dispose();
        }
    }

    // h_out = U sigma(V h_in + b): V = sqrt2 Psi^-1 B and U = sqrt2 A^T Psi are the first and last steps of the float64 freeze.
    private static StageFactor Sandwich(Tensor inner, Tensor outer, double global, int activation) =>
        new(global, activation, new MaskedSpectralNorm(outer), new MaskedSpectralNorm(inner), new SandwichJacobianBound(outer, inner));

    private static StageFactor Masked(Tensor weight, double global, int activation) =>
        new(global, activation, null, new MaskedSpectralNorm(weight));

    private static IEnumerable<nn.Module<Tensor, Tensor>> Unnest(nn.Module<Tensor, Tensor> frozen) =>
        frozen is FrozenSequence sequence ? sequence.Steps.SelectMany(Unnest) : [frozen];

    /// <summary>One stage: its global bound and, for maskable stages, the maps around its activation.</summary>
    private sealed record StageFactor(double Global, int Activation, MaskedSpectralNorm? Outer, MaskedSpectralNorm? Inner, SandwichJacobianBound? Jacobian = null)
    {
        // min(global, ||U P|| ||P V||, the sandwich Jacobian bound), or min(global, ||D W||) without an outer map; the exact
        // kind solves only where the lower estimate leaves the bound below the global one (elsewhere the minimum is the global bound).
        public Tensor Local(IReadOnlyList<NeuronBounds> activations, NormBound kind)
        {
            if (Inner is null)
            {
                return tensor(Global, dtype: ScalarType.Float64, device: activations.Count > 0 ? activations[0].Varying.device : CPU);
            }

            var bounds = activations[Activation];
            var mask = bounds.Varying.to_type(ScalarType.Float64);
            if (kind == NormBound.Upper)
            {
                return Product(kind, mask).clamp_max(Global);
            }

            var lower = Product(NormBound.Lower, mask);
            lower = Jacobian is null ? lower : minimum(lower, Jacobian.Lower(bounds));
            if (kind == NormBound.Lower)
            {
                return lower.clamp_max(Global);
            }

            var local = full([mask.shape[0]], Global, dtype: ScalarType.Float64, device: mask.device);
            var open = (lower < Global).nonzero().squeeze(1);
            if (open.numel() == 0)
            {
                return local;
            }

            var exact = Product(kind, mask.index_select(0, open));
            exact = Jacobian is null ? exact : minimum(exact, Jacobian.Bound(Rows(bounds, open)));
            return local.index_copy(0, open, exact.clamp_max(Global));
        }

        private static NeuronBounds Rows(NeuronBounds bounds, Tensor rows) =>
            bounds with { Lower = bounds.Lower.index_select(0, rows), Upper = bounds.Upper.index_select(0, rows), Varying = bounds.Varying.index_select(0, rows) };

        private Tensor Product(NormBound kind, Tensor mask)
        {
            var local = Inner!.Bound(kind, mask, null);
            if (Outer is not null)
            {
                local = local * Outer.Bound(kind, null, mask);
            }

            return local;
        }
    }
}
