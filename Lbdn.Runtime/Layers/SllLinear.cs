using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The SDP-based Lipschitz layer of Araujo et al. (ICLR 2023), a residual layer of unchanged width:
/// y = x - 2 W T^-1 sigma(W^T x + b) with W (features x inner) and T = diag(sum_j |W^T W|_ij q_j / q_i), floored at the smallest normal number
/// (see <see cref="SllScaling"/>); bound 1 for every parameter value with a slope-restricted elementwise activation.
/// </summary>
public sealed class SllLinear : TransformLayer, ILipschitzModule, IFreezable
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Parameter q;
    private readonly LipschitzActivation activation;

    /// <summary>Creates a layer on <paramref name="features"/> with <paramref name="innerFeatures"/> neurons.</summary>
    /// <exception cref="ArgumentException">A width is not positive, or the activation is not elementwise (MaxMin, GroupSort).</exception>
    public SllLinear(long features, long innerFeatures, Activation activation = Activation.ReLU, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(SllLinear))
    {
        LayerArguments.Positive(features, nameof(features));
        LayerArguments.Positive(innerFeatures, nameof(innerFeatures));
        LayerArguments.SlopeRestricted(activation, nameof(SllLinear));
        Features = features;
        InnerFeatures = innerFeatures;

        // weight holds W^T (inner x features), as nn.Linear stores its weight.
        weight = ParameterInit.Uniform([innerFeatures, features], features, device, dtype);
        bias = ParameterInit.Uniform([innerFeatures], features, device, dtype);
        q = ParameterInit.Filled([innerFeatures], 1.0, device, dtype);
        this.activation = new LipschitzActivation(activation, innerFeatures, -1, device, dtype);
        CacheTransform(() => [weight, q], () => [Outer(weight, q)]);
        RegisterComponents();
    }

    /// <summary>Width of input and output.</summary>
    public long Features { get; }

    /// <summary>The number of neurons (columns of W).</summary>
    public long InnerFeatures { get; }

    /// <summary>The activation.</summary>
    public LipschitzActivation Sigma => activation;

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>W^T (inner x features), the map into the neurons.</summary>
    public Tensor InnerWeight => weight;

    /// <summary>The bias b of the neurons.</summary>
    public Tensor Bias => bias;

    /// <summary>The parameters p of q = clamp(|p|, 1e-12, 1e12), the reference implementation's <c>q</c>.</summary>
    public Tensor Q => q;

    /// <summary>-2 W T^-1 (features x inner) of the current parameters: the map from the neurons back to the features.</summary>
    public Tensor OuterWeight() => Transform()[0];

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Features(input, Features, nameof(SllLinear));
        using var scope = NewDisposeScope();
        var neurons = activation.call(nn.functional.linear(input, weight, bias));
        return (input + nn.functional.linear(neurons, OuterWeight())).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => Freeze(weight.dtype);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        using var _ = torch.no_grad();
        using var scope = NewDisposeScope();
        var inner = weight.detach().to_type(precision);
        var outer = Outer(inner, q.detach().to_type(precision));
        return new FrozenSll(inner, bias.detach().to_type(precision), outer, (LipschitzActivation)activation.Freeze(precision), padding: null);
    }

    // -2 W T^-1 with W = weight^T and T from |W^T W| = |weight weight^T|.
    private static Tensor Outer(Tensor weight, Tensor q)
    {
        using var scope = NewDisposeScope();
        var inverseT = SllScaling.InverseT(weight.matmul(weight.mT).abs(), q);
        return (-2 * (weight * inverseT.unsqueeze(1)).mT).MoveToOuterDisposeScope();
    }
}
