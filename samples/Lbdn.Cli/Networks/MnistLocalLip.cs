namespace Lbdn.Cli.Networks;

/// <summary>
/// A Local-Lip style classifier (Huang et al. 2021): dense layers with their spectral norm capped at 1 and clipped ReLUs,
/// whose learnable thresholds give tight local bounds. No scale is injected (AutoScale = false): the analyzers prove that
/// the product of the caps, 1, does not exceed gamma.
/// </summary>
[LipschitzNet(gamma: 1.0, AutoScale = false)]
[Input(784)]
[Dense(190, MaxNorm = 1, Activation = Activation.ClippedReLU)]
[Dense(190, MaxNorm = 1, Activation = Activation.ClippedReLU)]
[Dense(128, MaxNorm = 1, Activation = Activation.ClippedReLU)]
[Dense(10, MaxNorm = 1, Activation = Activation.Identity)]
public partial class MnistLocalLip;
