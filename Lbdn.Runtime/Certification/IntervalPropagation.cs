using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Differentiable bound propagation of the l2 ball of radius eps through the live stages of a network, each stage answering
/// as an <see cref="IIntervalStage"/> (see <see cref="IntervalBall"/> for the box rules). Gradients reach every parameter,
/// so losses on the bounds (such as <c>Lbdn.Training.RobustnessLosses.Sparsity</c>) can be trained.
/// </summary>
public static class IntervalPropagation
{
    /// <summary>The pre-activation bounds of every elementwise activation of <paramref name="network"/> over the l-infinity box of radius eps.</summary>
    /// <exception cref="NotSupportedException">A stage does not implement <see cref="IIntervalStage"/> (convolutions, for now).</exception>
    public static IReadOnlyList<NeuronBounds> PreActivationBounds(ILipschitzNetwork network, Tensor inputs, double eps) =>
        Propagate(network, inputs, eps).Bounds;

    /// <summary>The network's output on <paramref name="inputs"/> (differentiable) and the pre-activation bounds, in one pass.</summary>
    /// <exception cref="NotSupportedException">A stage does not implement <see cref="IIntervalStage"/> (convolutions, for now).</exception>
    public static (Tensor Output, IReadOnlyList<NeuronBounds> Bounds) Propagate(ILipschitzNetwork network, Tensor inputs, double eps)
    {
        var collected = new List<NeuronBounds>();
        var ball = Through(network, new IntervalBall(inputs, inputs - eps, inputs + eps, eps), collected);
        return (ball.Value, collected);
    }

    /// <summary>The ball through every stage of <paramref name="network"/> in order: how a network composes its stages' answers.</summary>
    /// <exception cref="NotSupportedException">A stage does not implement <see cref="IIntervalStage"/>.</exception>
    public static IntervalBall Through(ILipschitzNetwork network, IntervalBall ball, IList<NeuronBounds> collected)
    {
        foreach (var stage in network.Stages)
        {
            ball = (stage as IIntervalStage
                ?? throw new NotSupportedException($"Interval propagation supports stages implementing IIntervalStage, not {stage.GetType().Name}."))
                .Propagate(ball, collected);
        }

        return ball;
    }
}
