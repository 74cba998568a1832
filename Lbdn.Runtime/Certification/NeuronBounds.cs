using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Sound pre-activation bounds of one activation layer over the eps-balls of a batch, and which neurons may vary there
/// (the others are constant on the whole ball: dead ReLUs, dead or saturated clipped ReLUs).
/// </summary>
/// <param name="Kind">The activation.</param>
/// <param name="Lower">Lower bounds of the pre-activations, [batch, ..neurons].</param>
/// <param name="Upper">Upper bounds, same shape.</param>
/// <param name="Varying">True where the neuron's output may change within the ball.</param>
/// <param name="Threshold">The clipped-ReLU thresholds theta, or null for other kinds.</param>
public sealed record NeuronBounds(Activation Kind, Tensor Lower, Tensor Upper, Tensor Varying, Tensor? Threshold = null)
{
    /// <summary>The bounds of the samples at <paramref name="rows"/> (the thresholds are per neuron and stay shared).</summary>
    internal NeuronBounds Rows(Tensor rows) =>
        this with { Lower = Lower.index_select(0, rows), Upper = Upper.index_select(0, rows), Varying = Varying.index_select(0, rows) };
}
