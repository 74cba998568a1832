namespace Lbdn.Certification;

/// <summary>An explicit (frozen) step the local certifier can propagate balls through: it names its own ball step.</summary>
internal interface ICertifiableStep
{
    /// <summary>The prepared ball step of this step's weights.</summary>
    IBallStep BallStep();
}
