using Lbdn.Certification;
using Lbdn.Rules;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// A 1-Lipschitz activation over the neurons of one layer: elementwise slope-restricted (ReLU, tanh, sigmoid,
/// leaky ReLU, identity, clipped ReLU with a learnable threshold per neuron) or sorting (MaxMin, GroupSort).
/// </summary>
public sealed class LipschitzActivation : nn.Module<Tensor, Tensor>, ILipschitzModule, IFreezable, ICertifiableStage, IIntervalStage, ICertifiableStep
{
    /// <summary>Negative slope of <see cref="Activation.LeakyReLU"/>.</summary>
    public const double LeakySlope = 0.01;

    /// <summary>Group size of <see cref="Activation.GroupSort"/>; MaxMin is the group size 2 case over halves.</summary>
    public const long GroupSize = ActivationRules.GroupSize;

    /// <summary>Initial clipped-ReLU threshold.</summary>
    public const double InitialThreshold = 1.0;

    private readonly Tensor? theta;

    /// <summary>Creates the activation for <paramref name="neurons"/> neurons along <paramref name="dim"/> (-1 for dense, 1 for channels).</summary>
    public LipschitzActivation(Activation kind, long neurons, long dim = -1, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base($"LipschitzActivation.{kind}")
    {
        Kind = kind;
        Neurons = neurons;
        Dim = dim;
        // The width rules are stated once in Lbdn.Dsl (ActivationRules), which the generator's verification calls too.
        if (!ActivationRules.AcceptsWidth(kind, neurons))
        {
            throw new ArgumentException(
                kind == Activation.MaxMin
                    ? $"MaxMin pairs neurons and needs an even count, got {neurons}."
                    : $"GroupSort sorts groups of {GroupSize} and needs a multiple of {GroupSize} neurons, got {neurons}.",
                nameof(neurons));
        }

        if (kind == Activation.ClippedReLU)
        {
            var threshold = ParameterInit.Filled(dim == -1 ? [neurons] : [neurons, 1, 1], InitialThreshold, device, dtype);
            register_parameter(nameof(theta), threshold);
            theta = threshold;
        }
    }

    // The frozen copy: the thresholds become a constant buffer.
    private LipschitzActivation(Activation kind, long neurons, long dim, Tensor threshold)
        : base($"LipschitzActivation.{kind}")
    {
        Kind = kind;
        Neurons = neurons;
        Dim = dim;
        theta = threshold.detach().clone().DetachFromDisposeScope();
        register_buffer(nameof(theta), theta);
    }

    /// <summary>The activation kind.</summary>
    public Activation Kind { get; }

    /// <summary>Number of neurons along <see cref="Dim"/>.</summary>
    public long Neurons { get; }

    /// <summary>The neuron dimension: -1 for vectors, 1 for channels of images.</summary>
    public long Dim { get; }

    /// <summary>The clipped-ReLU thresholds (null for other kinds): a parameter while live, a buffer once frozen.</summary>
    public Tensor? Threshold => theta;

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>True for elementwise activations whose slope lies in [0, 1]: the ones the sandwich proof allows.</summary>
    public static bool IsSlopeRestricted(Activation kind) => !ActivationRules.IsSorting(kind);

    /// <summary>True when this activation acts on each neuron alone (slope in [0, 1]); false for the sorting kinds.</summary>
    public bool IsElementwise => IsSlopeRestricted(Kind);

    /// <inheritdoc />
    public int MaskedActivations => IsElementwise ? 1 : 0;

    /// <summary>
    /// Which neurons may vary for pre-activations in [lower, upper]: not the dead ones, u &lt;= 0 (ReLU, clipped ReLU), nor
    /// the saturated ones, l &gt;= theta (clipped ReLU). Other kinds are never constant.
    /// </summary>
    public Tensor MayVary(Tensor lower, Tensor upper) => Kind switch
    {
        Activation.ReLU => upper > 0,
        Activation.ClippedReLU => (upper > 0) & (lower < theta!) & (theta! > 0),
        _ => ones_like(upper, dtype: ScalarType.Bool),
    };

    /// <summary>The outputs that may vary, given the inputs that may (0/1): each output of a pair (MaxMin) or group (GroupSort) varies when any input of it does.</summary>
    public Tensor VaryingOutputs(Tensor varying) => Kind switch
    {
        Activation.MaxMin => AnyOfPair(varying),
        Activation.GroupSort => Grouped(varying, g => g.amax([-1], keepdim: true).expand_as(g)),
        _ => varying,
    };

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Kind switch
    {
        Activation.ReLU => nn.functional.relu(input),
        Activation.Tanh => input.tanh(),
        Activation.Sigmoid => input.sigmoid(),
        Activation.LeakyReLU => nn.functional.leaky_relu(input, LeakySlope),
        Activation.Identity => input.alias(),
        // Huang et al. (2021): clipped ReLU min(max(x, 0), theta) with theta >= 0 learnable per neuron.
        Activation.ClippedReLU => torch.minimum(nn.functional.relu(input), theta!),
        Activation.MaxMin => MaxMin(input),
        Activation.GroupSort => GroupSort(input),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown activation."),
    };

    /// <summary>Projects the clipped-ReLU thresholds onto theta &gt;= 0; call after each optimiser step.</summary>
    public void ProjectThreshold()
    {
        if (theta is not null)
        {
            using var _ = torch.no_grad();
            theta.clamp_(min: 0);
        }
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => Frozen(theta);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        using var scope = NewDisposeScope();
        return Frozen(theta?.detach().to_type(precision));
    }

    /// <summary>A frozen activation with constant <paramref name="threshold"/>s (clipped ReLU only; null for the other kinds), as a frozen-model file stores it.</summary>
    internal static LipschitzActivation Frozen(Activation kind, long neurons, long dim, Tensor? threshold) =>
        threshold is null ? new LipschitzActivation(kind, neurons, dim) : new LipschitzActivation(kind, neurons, dim, threshold);

    private LipschitzActivation Frozen(Tensor? threshold) => Frozen(Kind, Neurons, Dim, threshold);

    // MaxMin (Anil et al. 2019): halves a, b of the neurons -> [max(a, b), min(a, b)].
    private Tensor MaxMin(Tensor input)
    {
        var halves = input.chunk(2, Dim);
        return torch.cat([torch.maximum(halves[0], halves[1]), torch.minimum(halves[0], halves[1])], Dim);
    }

    // GroupSort: sort each group of GroupSize consecutive neurons in descending order.
    private Tensor GroupSort(Tensor input)
    {
        using var scope = NewDisposeScope();
        return Grouped(input, g => g.sort(-1, descending: true).Values).MoveToOuterDisposeScope();
    }

    // [max(a, b), max(a, b)] over the halves a, b.
    private Tensor AnyOfPair(Tensor mask)
    {
        var halves = mask.chunk(2, Dim);
        var either = torch.maximum(halves[0], halves[1]);
        return torch.cat([either, either], Dim);
    }

    // Applies perGroup to the groups of GroupSize consecutive neurons along Dim.
    private Tensor Grouped(Tensor input, Func<Tensor, Tensor> perGroup)
    {
        var moved = input.transpose(Dim, -1);
        var shape = moved.shape;
        var groups = moved.reshape([.. shape[..^1], shape[^1] / GroupSize, GroupSize]);
        return perGroup(groups).reshape(shape).transpose(-1, Dim);
    }

    /// <inheritdoc />
    public IReadOnlyList<CertifiedStage> FreezeCertified(ScalarType precision) => [new CertifiedStage(Freeze(precision), LipschitzBound, LocalBounds.Global(1))];

    /// <inheritdoc />
    public IntervalBall Propagate(IntervalBall ball, IList<NeuronBounds> collected) => ball.Activated(this, collected);

    /// <inheritdoc />
    public MaskedMaps? Maps() => null;

    /// <inheritdoc />
    public AffineForm? Affine() => null;

    IBallStep ICertifiableStep.BallStep() => new ActivationBallStep(this);
}
