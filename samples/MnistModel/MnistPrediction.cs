namespace Lbdn.Samples;

/// <summary>The class of one image with its robustness certificate.</summary>
/// <param name="Label">The predicted digit, 0 to 9 (argmax of the logits).</param>
/// <param name="Margin">The top logit minus the runner-up.</param>
/// <param name="CertifiedRadius">
/// No l2 perturbation of the image smaller than this changes <see cref="Label"/>: margin / (sqrt(2) L) for an L-Lipschitz network.
/// </param>
/// <param name="LipschitzBound">The network's proven l2 Lipschitz bound L.</param>
public sealed record MnistPrediction(int Label, double Margin, double CertifiedRadius, double LipschitzBound);
