using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// The float64 explicit-weight copy of a Lipschitz network that every certificate is computed on: every stage frozen with
/// <see cref="IFreezable.Freeze(ScalarType)"/> in float64 (its parameters converted exactly, every transform such as the
/// Cayley factors, capped weights and Fourier matrices evaluated in float64), then fused by <see cref="FrozenNetwork"/>
/// in float64. So the copy is the float64 evaluation of the parameterised network, for which the proven bound holds up to
/// float64 rounding (orthogonality defects near 1e-14) whatever precision the network trains in, where a float32 freeze
/// would miss it by up to about 1e-5; with its proven global bound and the last affine stage for the per-pair global rule.
/// </summary>
public sealed class CertifiableNetwork : IDisposable
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ILipschitzNetwork, SharedCertifiableCopy> SharedCopies = new();

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

    /// <summary>
    /// The certified copy of <paramref name="network"/>'s current parameters, built on first use and shared until a
    /// parameter or buffer of its stages changes value (checked on every call). It belongs to the network: do not dispose it.
    /// </summary>
    public static CertifiableNetwork Of(ILipschitzNetwork network) =>
        SharedCopies.GetValue(network, _ => new SharedCertifiableCopy()).Current(network);

    /// <summary>Freezes <paramref name="network"/> in float64.</summary>
    /// <exception cref="NotSupportedException">
    /// A stage cannot freeze itself, or freezes into a step of a kind the certifier cannot reason about or not in float64.
    /// </exception>
    public static CertifiableNetwork From(ILipschitzNetwork network)
    {
        using var _ = no_grad();
        if (network.Stages.FirstOrDefault(stage => !Freezable(stage)) is { } stage)
        {
            throw new NotSupportedException(
                $"Certification freezes every stage in float64 from its parameters, but the stage {stage.GetType().Name} does not implement IFreezable.");
        }

        var frozen = FrozenNetwork.From(network, ScalarType.Float64);
        if (frozen.Steps.Select(Problem).FirstOrDefault(problem => problem is not null) is { } unsupported)
        {
            frozen.Dispose();
            throw new NotSupportedException(unsupported);
        }

        return new CertifiableNetwork(frozen, network.LipschitzBound, [.. network.InputShape], LastAffine.Of(network), new StageChain(network));
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

    // A network that cannot freeze itself (a generated one) is frozen through its stages, as FrozenNetwork does.
    private static bool Freezable(nn.Module<Tensor, Tensor> stage) =>
        stage is IFreezable || (stage is ILipschitzNetwork nested && nested.Stages.All(Freezable));

    // Null for a step of a kind the certifier reasons about whose weights are all float64 (complex128 for Fourier matrices).
    private static string? Problem(nn.Module<Tensor, Tensor> step)
    {
        if (step is not (FrozenLinear or FrozenFourierConv or FrozenConv or FrozenSll or LipschitzActivation or LipschitzScale or Flatten or AvgPool or SpaceToDepth))
        {
            return $"Certification cannot reason about the step {step.GetType().Name}; supported: frozen linear, zero-padded and Fourier maps, SLL residuals, Lipschitz activations, scales, flatten, average pooling, space-to-depth.";
        }

        return step.buffers().FirstOrDefault(weight => weight.dtype is not (ScalarType.Float64 or ScalarType.ComplexFloat64)) is { } narrow
            ? $"The step {step.GetName()} froze into {narrow.dtype} weights; Freeze(ScalarType.Float64) must return float64 (complex128) weights."
            : null;
    }
}
