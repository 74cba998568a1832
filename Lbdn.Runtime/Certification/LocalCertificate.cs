using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Local Lipschitz certificates (Huang et al., NeurIPS 2021), done soundly: for each input x and radius eps, sound
/// boxes of every layer over the ball mark the neurons constant on it; the local bound is the product of the exact
/// norms ||D_k W_k D_{k-1}|| of the masked layers (exact unmasked per-frequency norms for Fourier convolutions); the
/// last affine map is handled per pair. In parallel, the unfused stages get local bounds of their own (for sandwich layers
/// min(1, ||sqrt2 A^T Psi P|| ||P sqrt2 Psi^-1 B||)). Class y is certified when, for every i != y, z_y - z_i exceeds the
/// smallest of ||D (w_y - w_i)|| r, sqrt(2) r_final, the stage-chain and the global pair bounds, the pair bound through
/// the last sandwich layer (<see cref="PairVertexBound"/>), or the interval lower
/// bound of z_y - z_i is positive. The exact norms are solved lazily: cheap proven upper bounds (Frobenius, sqrt(||M||_1
/// ||M||_inf), ||W||) certify first, a counterexample in the ball (<see cref="BallWitness"/>) or the lower estimates rule
/// out what no upper bound could certify, and only the samples in between are propagated with the eigensolver. Every bound grows with the norms and masks it is built from, so the decisions
/// are those of the exact propagation (up to float64 rounding at ties); soundness never rests on the lower estimates.
/// </summary>
public sealed class LocalCertificate : IDisposable
{
    private readonly CertifiableNetwork network;
    private readonly List<IBallStep> steps;
    private readonly (PairVertexBound Bound, int Offset)? pairVertices;

    /// <summary>Prepares the per-step data of <paramref name="network"/> (kept alive by the caller).</summary>
    public LocalCertificate(CertifiableNetwork network)
    {
        this.network = network;
        using var _ = no_grad();
        steps = [.. network.Steps.Select(Prepare)];
        var activations = steps.Sum(step => step.Activations);
        if (activations != network.Stages.ActivationCount)
        {
            throw new NotSupportedException(
                $"The stages freeze into {network.Stages.ActivationCount} activations but the certified copy has {activations}; their masks cannot be matched.");
        }

        pairVertices = network.Last is { StageIndex: >= 1 } last ? network.Stages.PairVertices(last.StageIndex, last.Weight) : null;
    }

    /// <summary>Certifies the predictions of <paramref name="inputs"/> within l2 radius <paramref name="eps"/> &gt; 0, in batches.</summary>
    public LocalCertification Certify(Tensor inputs, double eps, int batchSize = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(eps);
        var (certified, predicted, bound) = (new List<bool>(), new List<long>(), new List<double>());
        var (stable, neurons) = (0L, 0L);
        for (long start = 0; start < inputs.shape[0]; start += batchSize)
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var length = Math.Min(batchSize, inputs.shape[0] - start);
            var (c, p, b, s) = CertifyLazily(inputs.narrow(0, start, length), eps);
            certified.AddRange(c.cpu().data<bool>());
            predicted.AddRange(p.cpu().data<long>());
            bound.AddRange(b.cpu().data<double>());
            (stable, neurons) = (stable + s.Stable, neurons + s.Total);
        }

        return new LocalCertification([.. certified], [.. predicted], [.. bound], neurons == 0 ? 0 : (double)stable / neurons);
    }

    /// <summary>Fraction of <paramref name="labels"/> predicted correctly and locally certified at <paramref name="eps"/>.</summary>
    public double CertifiedAccuracy(Tensor inputs, Tensor labels, double eps, int batchSize = 100)
    {
        var result = Certify(inputs, eps, batchSize);
        var truth = labels.to(CPU).data<long>().ToArray();
        return (double)truth.Where((label, i) => result.Certified[i] && result.Predicted[i] == label).Count() / truth.Length;
    }

    /// <summary>The pre-activation bounds and varying masks of every activation in order, for one batch.</summary>
    public IReadOnlyList<NeuronBounds> Bounds(Tensor inputs, double eps)
    {
        using var _ = no_grad();
        var collected = new List<NeuronBounds>();
        Propagate(inputs, eps, collected, NormBound.Exact);
        return collected;
    }

    /// <summary>Fraction of ReLU and clipped-ReLU neurons that are constant on the eps-balls around <paramref name="inputs"/>.</summary>
    public double StableFraction(Tensor inputs, double eps)
    {
        using var scope = NewDisposeScope();
        var (stable, total) = Count(Bounds(inputs, eps));
        return total == 0 ? 0 : (double)stable / total;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        pairVertices?.Bound.Dispose();
        foreach (var step in steps.OfType<IDisposable>())
        {
            step.Dispose();
        }
    }

    // Every bound shrinks with the norms it is built from, so the exact decision lies between the decisions from the cheap
    // upper bounds (sound: kept when certified) and from the lower estimates (never certified by the exact bounds when
    // not by these); a counterexample in the ball rules a sample out before either; the exact norms are solved only for
    // the samples in between.
    private (Tensor Certified, Tensor Predicted, Tensor LocalBound, (long Stable, long Total) Neurons) CertifyLazily(Tensor inputs, double eps)
    {
        var (certified, predicted, bound, activations) = CertifyBatch(inputs, eps, NormBound.Upper);
        // The lower estimates only matter where the upper bounds did not certify and no counterexample was found.
        var undecided = certified.logical_not().nonzero().squeeze(1);
        if (undecided.numel() > 0)
        {
            var centres = inputs.index_select(0, undecided).to_type(ScalarType.Float64);
            var witnessed = BallWitness.Found(network.Steps, centres, predicted.index_select(0, undecided), eps);
            undecided = undecided.masked_select(witnessed.logical_not());
        }

        var open = undecided.numel() == 0
            ? undecided
            : undecided.index_select(0, CertifyBatch(inputs.index_select(0, undecided), eps, NormBound.Lower).Certified.nonzero().squeeze(1));
        if (open.numel() > 0)
        {
            var (exactCertified, _, exactBound, _) = CertifyBatch(inputs.index_select(0, open), eps, NormBound.Exact);
            (certified, bound) = (certified.index_copy(0, open, exactCertified), bound.index_copy(0, open, exactBound));
        }

        return (certified, predicted, bound, Count(activations));
    }

    // Stable (never varying) ReLU and clipped-ReLU neurons over all samples, and all such neurons.
    private static (long Stable, long Total) Count(IReadOnlyList<NeuronBounds> activations)
    {
        var prunable = activations.Where(b => b.Kind is Activation.ReLU or Activation.ClippedReLU).ToList();
        var total = prunable.Sum(b => b.Varying.numel());
        return (total - prunable.Sum(b => b.Varying.sum().ToInt64()), total);
    }

    /// <summary>One propagation of a batch with the given masked-norm bound; its certificates are sound unless the kind is Lower.</summary>
    internal (Tensor Certified, Tensor Predicted, Tensor LocalBound, IReadOnlyList<NeuronBounds> Activations) CertifyBatch(Tensor inputs, double eps, NormBound kind)
    {
        var activations = new List<NeuronBounds>();
        var state = Propagate(inputs, eps, activations, kind);

        var z = state.Value;
        var classes = z.shape[1];
        var predicted = z.argmax(1);
        var margins = z.gather(1, predicted.unsqueeze(1)) - z;
        var pending = state.Pending;
        state.Settle(null);

        // |delta (z_y - z_i)| <= sqrt(2) ||delta z|| <= sqrt(2) r_final, and the global pair bounds.
        var pairBound = minimum(
            state.Radius.unsqueeze(1).expand(-1, classes) * Math.Sqrt(2),
            GlobalCertificate.PairBounds(predicted, classes, network.GlobalBound, eps, network.Last));
        var byBox = zeros_like(margins, dtype: ScalarType.Bool);
        if (pending is not null)
        {
            Tensor local;
            (local, byBox) = PendingPairBounds.Of(pending, predicted);
            pairBound = minimum(pairBound, local);
        }

        // The stage chain: |delta (z_y - z_i)| <= ||w_y - w_i|| eps prod_k L_k^local over the stages before the last affine one.
        var stages = network.Stages;
        var radii = stages.Radii(activations, eps, kind);
        var chainAll = radii[^1];
        if (network.Last is { StageIndex: >= 0 } last)
        {
            var norms = last.PairNorms.index_select(0, predicted);
            pairBound = minimum(pairBound, norms * radii[last.StageIndex].unsqueeze(1) * (1 + FloatSlack.Interval));
        }

        pairBound = minimum(pairBound, chainAll.unsqueeze(1) * Math.Sqrt(2));
        var isPredicted = nn.functional.one_hot(predicted, classes).to_type(ScalarType.Bool);

        // Through the last sandwich layer, pair by pair: |delta (z_y - z_i)| <= max_S ||(w_y - w_i)^T U S V|| r_in, where none of the above certifies.
        if (pairVertices is { } vertices && network.Last is { } output)
        {
            var done = FloatSlack.Exceeds(margins, pairBound) | byBox | isPredicted;
            var open = done.all(1).logical_not().nonzero().squeeze(1);
            var inputRadius = radii[output.StageIndex - 1].unsqueeze(1);

            // Only samples whose every open pair clears the centre value, a lower estimate of the vertex bound.
            if (open.numel() > 0)
            {
                var centre = vertices.Bound.Lower(activations[vertices.Offset].Rows(open), predicted.index_select(0, open)) * inputRadius.index_select(0, open);
                open = open.masked_select((done.index_select(0, open) | FloatSlack.Exceeds(margins.index_select(0, open), centre)).all(1));
            }

            if (open.numel() > 0)
            {
                var vertex = vertices.Bound.Bound(activations[vertices.Offset].Rows(open), predicted.index_select(0, open)) * inputRadius.index_select(0, open) * (1 + FloatSlack.Interval);
                pairBound = pairBound.index_copy(0, open, minimum(pairBound.index_select(0, open), vertex));
            }
        }

        var certified = (FloatSlack.Exceeds(margins, pairBound) | byBox | isPredicted).all(1);
        var localBound = minimum(state.Radius, chainAll).div(eps).clamp_max(network.GlobalBound);
        return (certified, predicted, localBound, activations);
    }

    // Propagates the balls through every step. A step's temporaries, and the state tensors it replaced, are freed as soon
    // as it is done, so that later steps reuse their memory.
    private BallState Propagate(Tensor inputs, double eps, List<NeuronBounds> collected, NormBound kind)
    {
        var owned = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        BallState state;
        using (var scope = NewDisposeScope())
        {
            state = new BallState(inputs.to_type(ScalarType.Float64), eps, collected, kind);
            Keep(scope, state, owned);
        }

        foreach (var step in steps)
        {
            using var scope = NewDisposeScope();
            step.Propagate(state);
            Keep(scope, state, owned);
        }

        return state;
    }

    // Moves the state's tensors made in this scope out of it, and disposes those made earlier that the state dropped.
    private static void Keep(DisposeScope scope, BallState state, HashSet<Tensor> owned)
    {
        var held = state.Held().ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var tensor in held.OfType<Tensor>().Where(scope.Contains))
        {
            scope.MoveToOuter(tensor);
            owned.Add(tensor);
        }

        foreach (var dropped in owned.Where(tensor => !held.Contains(tensor)).ToList())
        {
            dropped.Dispose();
            owned.Remove(dropped);
        }
    }

    private static IBallStep Prepare(nn.Module<Tensor, Tensor> step) =>
        (step as ICertifiableStep ?? throw new NotSupportedException($"Local certification cannot reason about the step {step.GetType().Name}.")).BallStep();
}
