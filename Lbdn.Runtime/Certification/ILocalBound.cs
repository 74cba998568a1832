using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// What one stage contributes to the product of local bounds on a ball (Huang et al. 2021): per sample, a proven bound on
/// its Lipschitz constant over the ball, at most its global bound, from the masks of its own activations.
/// </summary>
public interface ILocalBound : IDisposable
{
    /// <summary>How many activations the stage's frozen steps hold, in order; <see cref="Bound"/> receives their bounds.</summary>
    int Activations { get; }

    /// <summary>The local bound per sample [batch], or null when it is the stage's global bound.</summary>
    /// <param name="activations">The bounds of the stage's own activations over the balls, in order.</param>
    /// <param name="kind">Which masked-norm bound to use; only <see cref="NormBound.Lower"/> is unsound.</param>
    Tensor? Bound(IReadOnlyList<NeuronBounds> activations, NormBound kind);
}
