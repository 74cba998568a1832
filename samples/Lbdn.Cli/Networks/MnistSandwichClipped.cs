namespace Lbdn.Cli.Networks;

/// <summary>
/// The LBDN MNIST sandwich network with clipped ReLUs (learnable thresholds theta &gt;= 0): slope-restricted, so every
/// layer stays 1-Lipschitz, and saturated neurons are constant on the ball, so Local-Lip training can make the local
/// bound min(1, ||sqrt2 A^T Psi P|| ||P sqrt2 Psi^-1 B||) of each layer small.
/// </summary>
[LipschitzNet(gamma: 1.0)]
[Input(784)]
[Sandwich(190, Activation = Activation.ClippedReLU)]
[Sandwich(190, Activation = Activation.ClippedReLU)]
[Sandwich(128, Activation = Activation.ClippedReLU)]
[SandwichLinear(10)]
public partial class MnistSandwichClipped;
