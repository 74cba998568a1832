using Lbdn.Certification;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>A network composed by hand from Lipschitz stages; its bound is the product of the stages' bounds.</summary>
public sealed class LipschitzSequential : nn.Module<Tensor, Tensor>, ILipschitzNetwork, IFreezable, ICertifiableStage, IIntervalStage
{
    private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> stages;

    /// <summary>Runs <paramref name="stages"/> in order on inputs of shape [batch, ..<paramref name="inputShape"/>].</summary>
    public LipschitzSequential(long[] inputShape, params nn.Module<Tensor, Tensor>[] stages) : base(nameof(LipschitzSequential))
    {
        for (var i = 0; i < stages.Length; i++)
        {
            if (stages[i] is not ILipschitzModule)
            {
                throw new ArgumentException(
                    $"Stage {i} ({stages[i].GetType().Name}) has no proven Lipschitz bound; use a Lbdn layer or implement ILipschitzModule.",
                    nameof(stages));
            }
        }

        InputShape = inputShape;
        this.stages = nn.ModuleList(stages);
        RegisterComponents();
    }

    /// <inheritdoc />
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Stages => [.. stages];

    /// <inheritdoc />
    public long[] InputShape { get; }

    /// <inheritdoc />
    public double LipschitzBound => stages.Aggregate(1.0, (product, stage) => product * ((ILipschitzModule)stage).LipschitzBound);

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var stage in stages)
        {
            x = stage.call(x);
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    /// <remarks>Each stage freezes in its own precision.</remarks>
    public nn.Module<Tensor, Tensor> Freeze() => FrozenNetwork.From(this);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision) => NetworkComposition.Freeze(this, precision);

    /// <inheritdoc />
    public IReadOnlyList<CertifiedStage> FreezeCertified(ScalarType precision) => NetworkComposition.FreezeCertified(this, precision);

    /// <inheritdoc />
    public int MaskedActivations => NetworkComposition.MaskedActivations(this);

    /// <inheritdoc />
    public IntervalBall Propagate(IntervalBall ball, IList<NeuronBounds> collected) => NetworkComposition.Propagate(this, ball, collected);

    /// <inheritdoc />
    public MaskedMaps? Maps() => NetworkComposition.Maps(this);

    /// <inheritdoc />
    public AffineForm? Affine() => NetworkComposition.Affine(this);
}
