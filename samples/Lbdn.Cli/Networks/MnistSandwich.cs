namespace Lbdn.Cli.Networks;

/// <summary>
/// The LBDN MNIST classifier (Wang and Manchester 2023): sandwich layers 784-190-190-128 and a sandwich output layer to
/// the 10 logits. Gamma = 1 is our choice for the l2 radius eps = 1.58 of the Local-Lip and GloRo MNIST results: a margin
/// m certifies radius m / (sqrt(2) gamma), so the offset cross-entropy with offset sqrt(2) * 1.58 * gamma trains for
/// margins that certify 1.58. Gamma is a compile-time constant so the analyzers prove the bound; <c>lbdn train --gamma</c>
/// rescales the output for other values. The CLI trains it as <c>mnist-sandwich</c>; <c>samples/MnistModel</c> is the
/// package <c>lbdn pack</c> makes of a trained copy.
/// </summary>
[LipschitzNet(gamma: 1.0)]
[Input(784)]
[Sandwich(190)]
[Sandwich(190)]
[Sandwich(128)]
[SandwichLinear(10)]
internal partial class MnistSandwich;
