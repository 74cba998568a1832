using Lbdn.Certification;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// A frozen SDP-based Lipschitz layer y = x + U sigma(V x + b) with constant V = W^T and U = -2 W T^-1: dense
/// (V inner x features, U features x inner) or, with a padding, zero-padded stride-1 convolutions V (kernel
/// inner x channels x k x k) and U (kernel channels x inner x k x k: V's transpose, its taps flipped, scaled per neuron channel).
/// </summary>
public sealed class FrozenSll : nn.Module<Tensor, Tensor>, ICertifiableStep
{
    private readonly Tensor inner;
    private readonly Tensor bias;
    private readonly Tensor outer;
    private readonly LipschitzActivation activation;

    /// <summary>Copies the maps; <paramref name="padding"/> is null for the dense form, (k - 1) / 2 for the convolution.</summary>
    public FrozenSll(Tensor inner, Tensor bias, Tensor outer, LipschitzActivation activation, long? padding) : base(nameof(FrozenSll))
    {
        this.inner = inner.detach().clone().contiguous().DetachFromDisposeScope();
        this.bias = bias.detach().clone().DetachFromDisposeScope();
        this.outer = outer.detach().clone().contiguous().DetachFromDisposeScope();
        this.activation = activation;
        Padding = padding;
        register_buffer(nameof(inner), this.inner);
        register_buffer(nameof(bias), this.bias);
        register_buffer(nameof(outer), this.outer);
        register_module(nameof(activation), activation);
    }

    /// <summary>V = W^T: a weight (inner x features) or a kernel (inner x channels x k x k).</summary>
    public Tensor Inner => inner;

    /// <summary>The neurons' bias b.</summary>
    public Tensor Bias => bias;

    /// <summary>U = -2 W T^-1: a weight (features x inner) or a kernel (channels x inner x k x k).</summary>
    public Tensor Outer => outer;

    /// <summary>The neurons' activation.</summary>
    public LipschitzActivation Sigma => activation;

    /// <summary>Null for the dense form; the zero padding of the convolution otherwise.</summary>
    public long? Padding { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        using var neurons = activation.call(Into(input, inner, bias));
        return (input + Back(neurons, outer)).MoveToOuterDisposeScope();
    }

    /// <summary>V x + b (or |V| x with <paramref name="map"/> = |V| and no bias).</summary>
    internal Tensor Into(Tensor x, Tensor map, Tensor? withBias) => Padding is { } p
        ? ZeroPaddedConv.Apply(x, map, withBias, p)
        : nn.functional.linear(x, map, withBias);

    /// <summary>U s (or |U| s with <paramref name="map"/> = |U|).</summary>
    internal Tensor Back(Tensor s, Tensor map) => Padding is { } p
        ? ZeroPaddedConv.Apply(s, map, null, p)
        : nn.functional.linear(s, map);

    /// <inheritdoc />
    IBallStep ICertifiableStep.BallStep() => new SllBallStep(this);
}
