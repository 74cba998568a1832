namespace Lbdn.Certification;

/// <summary>One explicit network step, propagating a <see cref="BallState"/> soundly.</summary>
internal interface IBallStep : IDisposable
{
    void Propagate(BallState state);
}
