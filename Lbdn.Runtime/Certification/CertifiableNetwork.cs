using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// The float64 explicit-weight copy of a Lipschitz network that every certificate is computed on: each stage frozen in
/// its own precision, converted to float64, then fused (affine maps by <see cref="FrozenNetwork"/>, consecutive Fourier
/// convolutions into one per-frequency product) in float64, so the copy is the exact composition of the frozen stages up
/// to float64 rounding; with its proven global bound and the last affine stage for the per-pair global rule.
/// </summary>
public sealed class CertifiableNetwork : IDisposable
{
    private readonly FrozenNetwork frozen;

    private CertifiableNetwork(FrozenNetwork frozen, double bound, long[] inputShape, LastAffine? last, StageChain stages)
    {
        Stages = stages;
        this.frozen = frozen;
        GlobalBound = bound;
        InputShape = inputShape;
        Last = last;
    }

    /// <summary>The fused explicit steps in float64 (complex128 for Fourier convolutions).</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Steps => frozen.Steps;

    /// <summary>The network's proven l2 Lipschitz bound L.</summary>
    public double GlobalBound { get; }

    /// <summary>The input shape without the batch dimension.</summary>
    public long[] InputShape { get; }

    /// <summary>The last affine stage (weight and the proven bound of everything before it), when the network ends in one.</summary>
    public LastAffine? Last { get; }

    /// <summary>Per-stage local bounds of the unfused network.</summary>
    internal StageChain Stages { get; }

    /// <summary>Freezes <paramref name="network"/> and converts it to float64.</summary>
    /// <exception cref="NotSupportedException">A frozen step is of a kind the certifier cannot reason about.</exception>
    public static CertifiableNetwork From(ILipschitzNetwork network)
    {
        using var _ = no_grad();
        var converted = new List<nn.Module<Tensor, Tensor>>();
        foreach (var stage in network.Stages)
        {
            var frozenStage = stage is IFreezable freezable ? freezable.Freeze() : stage;
            foreach (var step in Unnest(frozenStage))
            {
                var next = ToFloat64(step);
                if (next is FrozenFourierConv conv && converted.Count > 0 && converted[^1] is FrozenFourierConv { Bias: null } previous)
                {
                    converted[^1] = Compose(previous, conv);
                }
                else
                {
                    converted.Add(next);
                }
            }

            if (!ReferenceEquals(frozenStage, stage))
            {
                frozenStage.Dispose();
            }
        }

        var fused = FrozenNetwork.From(network.LipschitzBound, [.. network.InputShape], [.. converted]);
        foreach (var step in converted.Where(step => !fused.Steps.Any(kept => ReferenceEquals(kept, step))))
        {
            step.Dispose();
        }

        return new CertifiableNetwork(fused, network.LipschitzBound, [.. network.InputShape], LastAffine.Of(network), new StageChain(network));
    }

    /// <summary>The logits of a batch, in float64.</summary>
    public Tensor Logits(Tensor inputs)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return frozen.call(inputs.to_type(ScalarType.Float64)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        frozen.Dispose();
        Last?.Dispose();
        Stages.Dispose();
    }

    private static IEnumerable<nn.Module<Tensor, Tensor>> Unnest(nn.Module<Tensor, Tensor> module) =>
        module is FrozenSequence sequence ? sequence.Steps.SelectMany(Unnest) : [module];

    private static nn.Module<Tensor, Tensor> ToFloat64(nn.Module<Tensor, Tensor> step)
    {
        using var scope = NewDisposeScope();
        switch (step)
        {
            case FrozenLinear linear:
                return new FrozenLinear(linear.Weight.to_type(ScalarType.Float64), linear.Bias?.to_type(ScalarType.Float64));
            case FrozenFourierConv conv:
                return new FrozenFourierConv(conv.Matrices.to_type(ScalarType.ComplexFloat64), conv.Bias?.to_type(ScalarType.Float64), conv.Size);
            case LipschitzActivation activation:
                using (var copy = new LipschitzActivation(activation.Kind, activation.Neurons, activation.Dim, activation.Threshold?.device, ScalarType.Float64))
                {
                    copy.Threshold?.copy_(activation.Threshold!);
                    return copy.Freeze();
                }

            case LipschitzScale or Flatten or AvgPool or SpaceToDepth:
                return ((IFreezable)step).Freeze();
            default:
                throw new NotSupportedException(
                    $"Certification cannot reason about the step {step.GetType().Name}; supported: frozen linear and Fourier maps, Lipschitz activations, scales, flatten, average pooling, space-to-depth.");
        }
    }

    // Fuses x -> M1(f) x^(f) -> M2(f) (M1(f) x^(f)) + b2 into one per-frequency product.
    private static FrozenFourierConv Compose(FrozenFourierConv first, FrozenFourierConv second)
    {
        using var scope = NewDisposeScope();
        var fused = new FrozenFourierConv(second.Matrices.matmul(first.Matrices), second.Bias, second.Size);
        first.Dispose();
        second.Dispose();
        return fused;
    }
}
