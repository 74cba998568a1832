namespace Lbdn.Training;

/// <summary>
/// The Local-Lip objective's settings (Huang et al., NeurIPS 2021): the radius it trains for, the ramps of eps (0 to
/// <see cref="Eps"/>) and kappa (1 to <see cref="FinalKappa"/>) over the first <see cref="RampFraction"/> of the steps,
/// the logit temperature, and the weight of the sparsity loss on the clipped-activation thresholds.
/// </summary>
public sealed record LocalLipOptions
{
    /// <summary>The l2 radius trained for once the ramp ends (1.58, the MNIST radius of Local-Lip and GloRo).</summary>
    public double Eps { get; init; } = 1.58;

    /// <summary>The fraction of all steps over which eps and kappa ramp; both are constant afterwards.</summary>
    public double RampFraction { get; init; } = 0.2;

    /// <summary>kappa after the ramp: the weight of the clean cross-entropy against the worst-case one.</summary>
    public double FinalKappa { get; init; }

    /// <summary>Logits are divided by this before the cross-entropies (the LBDN recipe's 0.25 suits bound-1 networks).</summary>
    public double Temperature { get; init; } = 0.25;

    /// <summary>Weight of the sparsity loss mean relu(u) + c mean relu(theta - l); 0 turns it off.</summary>
    public double SparsityWeight { get; init; }

    /// <summary>The factor c of the saturation term of the sparsity loss.</summary>
    public double SaturationWeight { get; init; } = 1.0;

    /// <summary>Masked power steps per norm estimate after the warm start.</summary>
    public int PowerIterations { get; init; } = 12;

    /// <summary>Throws for settings no run can use.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value out of its range, named.</exception>
    public void Validate()
    {
        if (!(Eps > 0) || !double.IsFinite(Eps))
        {
            throw new ArgumentOutOfRangeException(nameof(Eps), Eps, "The Local-Lip radius must be positive and finite.");
        }

        if (!(RampFraction is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(RampFraction), RampFraction, "The ramp fraction must lie in [0, 1].");
        }

        if (!(FinalKappa is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FinalKappa), FinalKappa, "kappa must lie in [0, 1].");
        }

        if (!(Temperature > 0) || !double.IsFinite(Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "The temperature must be positive and finite.");
        }

        if (!(SparsityWeight >= 0) || !double.IsFinite(SparsityWeight) || !(SaturationWeight >= 0) || !double.IsFinite(SaturationWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(SparsityWeight), SparsityWeight, "The sparsity weights must be non-negative and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(PowerIterations);
    }
}
