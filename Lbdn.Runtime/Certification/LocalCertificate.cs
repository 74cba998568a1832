using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Local Lipschitz certificates (Huang et al., NeurIPS 2021), done soundly: for each input x and radius eps, sound
/// boxes of every layer over the ball mark the neurons constant on it; the local bound is the product of the exact
/// norms ||D_k W_k D_{k-1}|| of the masked layers (exact unmasked per-frequency norms for Fourier convolutions); the
/// last affine map is handled per pair. In parallel, the unfused stages get local bounds of their own (for sandwich layers
/// min(1, ||sqrt2 A^T Psi P|| ||P sqrt2 Psi^-1 B||)). Class y is certified when, for every i != y, z_y - z_i exceeds the
/// smallest of ||D (w_y - w_i)|| r, sqrt(2) r_final, the stage-chain and the global pair bounds, or the interval lower
/// bound of z_y - z_i is positive. The exact norms are solved lazily: cheap proven upper bounds (Frobenius, sqrt(||M||_1
/// ||M||_inf), ||W||) certify first, lower estimates rule out what no upper bound could certify, and only the samples in
/// between are propagated with the eigensolver. Every bound grows with the norms and masks it is built from, so the decisions
/// are those of the exact propagation (up to float64 rounding at ties); soundness never rests on the lower estimates.
/// </summary>
public sealed class LocalCertificate : IDisposable
{
    private readonly CertifiableNetwork network;
    private readonly List<IBallStep> steps;

    /// <summary>Prepares the per-step data of <paramref name="network"/> (kept alive by the caller).</summary>
    public LocalCertificate(CertifiableNetwork network)
    {
        this.network = network;
        using var _ = no_grad();
        steps = [.. network.Steps.Select(Prepare)];
        var activations = network.Steps.Count(step => step is LipschitzActivation);
        if (activations != network.Stages.ActivationCount)
        {
            throw new NotSupportedException(
                $"The stages freeze into {network.Stages.ActivationCount} activations but the certified copy has {activations}; their masks cannot be matched.");
        }
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
        var state = new BallState(inputs.to_type(ScalarType.Float64), eps, collected);
        foreach (var step in steps)
        {
            step.Propagate(state);
        }

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
        foreach (var step in steps.OfType<IDisposable>())
        {
            step.Dispose();
        }
    }

    // Every bound shrinks with the norms it is built from, so the exact decision lies between the decisions from the cheap
    // upper bounds (sound: kept when certified) and from the lower estimates (never certified by the exact bounds when
    // not by these); the exact norms are solved only for the samples in between.
    private (Tensor Certified, Tensor Predicted, Tensor LocalBound, (long Stable, long Total) Neurons) CertifyLazily(Tensor inputs, double eps)
    {
        var (certified, predicted, bound, activations) = CertifyBatch(inputs, eps, NormBound.Upper);
        // The lower estimates only matter where the upper bounds did not certify.
        var undecided = certified.logical_not().nonzero().squeeze(1);
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
        var state = new BallState(inputs.to_type(ScalarType.Float64), eps, activations, kind);
        foreach (var step in steps)
        {
            step.Propagate(state);
        }

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
            // |(w_y - w_i)^T delta h| <= ||(w_y - w_i) D_in|| r_in.
            var w = pending.Step.Weight;
            var differences = w.index_select(0, predicted).unsqueeze(1) - w.unsqueeze(0);
            var local = (differences.square() * pending.InputMask.unsqueeze(1)).sum(-1).sqrt() * pending.InputRadius.unsqueeze(1);
            pairBound = minimum(pairBound, local * (1 + FloatSlack.Interval));
            byBox = IntervalMarginPositive(pending, differences, predicted);
        }

        // The stage chain: |delta (z_y - z_i)| <= ||w_y - w_i|| eps prod_k L_k^local over the stages before the last affine one.
        var stages = network.Stages;
        var radii = stages.Radii(activations, eps, kind);
        var chainAll = radii[^1];
        if (network.Last is { StageIndex: >= 0 } last)
        {
            var w = last.Weight;
            var norms = (w.index_select(0, predicted).unsqueeze(1) - w.unsqueeze(0)).norm(-1);
            pairBound = minimum(pairBound, norms * radii[last.StageIndex].unsqueeze(1) * (1 + FloatSlack.Interval));
        }

        pairBound = minimum(pairBound, chainAll.unsqueeze(1) * Math.Sqrt(2));
        var isPredicted = nn.functional.one_hot(predicted, classes).to_type(ScalarType.Bool);
        var certified = (FloatSlack.Exceeds(margins, pairBound) | byBox | isPredicted).all(1);
        var localBound = minimum(state.Radius, chainAll).div(eps).clamp_max(network.GlobalBound);
        return (certified, predicted, localBound, activations);
    }

    // min over the input box of (w_y - w_i)^T h + b_y - b_i = (w_y - w_i)^T mu + b_y - b_i - |w_y - w_i|^T rho > slack.
    private static Tensor IntervalMarginPositive(PendingAffine pending, Tensor differences, Tensor predicted)
    {
        var (mu, rho) = ((pending.InputLower + pending.InputUpper) / 2, (pending.InputUpper - pending.InputLower) / 2);
        var bias = pending.Step.Bias;
        var biasDifference = bias is null ? zeros(1, dtype: mu.dtype, device: mu.device) : bias.index_select(0, predicted).unsqueeze(1) - bias.unsqueeze(0);
        var centre = differences.matmul(mu.unsqueeze(2)).squeeze(2) + biasDifference;
        var half = differences.abs().matmul(rho.unsqueeze(2)).squeeze(2);
        var magnitude = differences.abs().matmul((mu.abs() + rho).unsqueeze(2)).squeeze(2) + biasDifference.abs();
        return (centre - half) > (FloatSlack.Interval * magnitude) + FloatSlack.Absolute;
    }

    private static IBallStep Prepare(nn.Module<Tensor, Tensor> step) => step switch
    {
        FrozenLinear linear => new AffineBallStep(linear),
        FrozenFourierConv conv => new FourierBallStep(new CirculantBounds(conv)),
        FrozenSll sll => new SllBallStep(sll),
        FrozenConv conv => new ConvBallStep(conv),
        LipschitzActivation activation => new ActivationBallStep(activation),
        LipschitzScale scale => new ScaleBallStep(scale.Factor),
        AvgPool pool => new PoolBallStep(pool.Kernel),
        Flatten => new RearrangeBallStep(x => x.flatten(1)),
        SpaceToDepth => new RearrangeBallStep(x => nn.functional.pixel_unshuffle(x, 2)),
        _ => throw new NotSupportedException($"Local certification cannot reason about the step {step.GetType().Name}."),
    };
}
