using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Training;

/// <summary>
/// The Local-Lip training objective (Huang et al., NeurIPS 2021) for dense Lipschitz networks (dense + MaxNorm +
/// clipped ReLU, or sandwich layers with any slope-restricted activation):
/// kappa CE(z / T) + (1 - kappa) CE(z_worst / T) + w (mean relu(u) + c mean relu(theta - l)), where z_worst lowers the
/// true logit against every other one by eps K_i, K_i the per-pair local bound of <see cref="LocalPairBounds"/> over the
/// ball (masks from <see cref="IntervalPropagation"/> held constant, masked norms by power iteration), and u, l the
/// pre-activation bounds on the ball. eps ramps from 0 and kappa from 1 as <see cref="LocalLipOptions"/> says. The
/// bounds here steer training only; certificates always come from <see cref="LocalCertificate"/>.
/// </summary>
public sealed class LocalLipObjective : ITrainingObjective, IDisposable
{
    private readonly PowerIterationNorms norms;

    /// <summary>Creates the objective.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid options.</exception>
    public LocalLipObjective(LocalLipOptions options)
    {
        options.Validate();
        Options = options;
        norms = new PowerIterationNorms(options.PowerIterations);
    }

    /// <summary>The settings.</summary>
    public LocalLipOptions Options { get; }

    /// <summary>eps at 0-based <paramref name="step"/> of <paramref name="totalSteps"/>: 0 to Eps over the ramp.</summary>
    public double EpsAt(long step, long totalSteps) => new LinearRamp(0, Options.Eps, RampSteps(totalSteps)).At(step);

    /// <summary>kappa at 0-based <paramref name="step"/>: 1 to FinalKappa over the ramp.</summary>
    public double KappaAt(long step, long totalSteps) => new LinearRamp(1, Options.FinalKappa, RampSteps(totalSteps)).At(step);

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The model is not a flat dense Lipschitz network ending in an affine stage.</exception>
    public Tensor Loss(TrainingBatch batch)
    {
        var network = batch.Model as ILipschitzNetwork
            ?? throw new NotSupportedException($"The Local-Lip objective needs a Lipschitz network; {batch.Model.GetType().Name} has no proven bound.");
        var (eps, kappa) = (EpsAt(batch.Step, batch.TotalSteps), KappaAt(batch.Step, batch.TotalSteps));
        var (logits, bounds) = IntervalPropagation.Propagate(network, batch.Inputs, eps);
        var pairBounds = LocalPairBounds.Compute(network, bounds, batch.Labels, norms);
        var temperature = Options.Temperature;
        var loss = RobustnessLosses.LocalLip(logits / temperature, batch.Labels, pairBounds / temperature, eps, kappa);
        return Options.SparsityWeight > 0
            ? loss + (Options.SparsityWeight * RobustnessLosses.Sparsity(bounds, Options.SaturationWeight))
            : loss;
    }

    /// <inheritdoc />
    public void Dispose() => norms.Dispose();

    private long RampSteps(long totalSteps) => (long)Math.Round(Options.RampFraction * totalSteps);
}
