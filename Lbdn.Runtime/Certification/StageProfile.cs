namespace Lbdn.Certification;

/// <summary>
/// One certified stage seen from the eps-balls of a batch of inputs: how many of its neurons vary on the balls and its
/// exact local bound per input (<see cref="LocalBoundProfile"/>). A stage whose local bound sits at its global bound
/// for most inputs is where a local certificate cannot gain.
/// </summary>
/// <param name="Stage">The index among the certified stages (nested networks contribute theirs).</param>
/// <param name="GlobalBound">The stage's proven global bound.</param>
/// <param name="Neurons">Neurons of its elementwise activations (0 for a stage without a local rule).</param>
/// <param name="MeanVarying">Mean number of those neurons that vary on a ball.</param>
/// <param name="MeanLocal">Mean exact local bound over the inputs.</param>
/// <param name="MinLocal">Smallest local bound.</param>
/// <param name="MaxLocal">Largest local bound.</param>
/// <param name="AtGlobal">Fraction of the inputs whose local bound equals the global bound.</param>
public sealed record StageProfile(
    int Stage, double GlobalBound, long Neurons, double MeanVarying, double MeanLocal, double MinLocal, double MaxLocal, double AtGlobal);
