namespace Lbdn.Certification;

/// <summary>One explicit network step, propagating a <see cref="BallState"/> soundly.</summary>
internal interface IBallStep
{
    /// <summary>How many activation bounds the step adds to <see cref="BallState.Collected"/>.</summary>
    int Activations => 0;

    void Propagate(BallState state);
}
