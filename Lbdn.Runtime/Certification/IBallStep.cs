namespace Lbdn.Certification;

/// <summary>One explicit network step, propagating a <see cref="BallState"/> soundly.</summary>
internal interface IBallStep
{
    void Propagate(BallState state);
}
