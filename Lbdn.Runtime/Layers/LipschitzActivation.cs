using Lbdn.Rules;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// A 1-Lipschitz activation over the neurons of one layer: elementwise slope-restricted (ReLU, tanh, sigmoid,
/// leaky ReLU, identity, clipped ReLU with a learnable threshold per neuron) or sorting (MaxMin, GroupSort).
/// </summary>
public sealed class LipschitzActivation : nn.Module<Tensor, Tensor>, ILipschitzModule, IFreezable
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
        var moved = input.transpose(Dim, -1);
        var shape = moved.shape;
        var grouped = moved.reshape([.. shape[..^1], shape[^1] / GroupSize, GroupSize]);
        var sorted = grouped.sort(-1, descending: true).Values.reshape(shape).transpose(-1, Dim);
        return sorted.MoveToOuterDisposeScope();
    }
}
