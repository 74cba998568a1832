namespace Lbdn.Generators;

/// <summary>Names of the generator's pipeline steps, for incrementality tests.</summary>
public static class TrackingNames
{
    /// <summary>Attribute data of a [LipschitzNet] class parsed into a <see cref="Models.NetworkModel"/>.</summary>
    public const string Networks = nameof(Networks);

    /// <summary>Each model verified into a <see cref="Verification.NetworkPlan"/>, or null when invalid.</summary>
    public const string Plans = nameof(Plans);

    /// <summary>Only the valid plans, which are emitted.</summary>
    public const string ValidPlans = nameof(ValidPlans);

    /// <summary>The valid plans of a compilation that references Lbdn.Runtime.</summary>
    public const string Emitted = nameof(Emitted);
}
