namespace Lbdn.Cli.Networks;

/// <summary>
/// The AOL baseline of the LBDN comparison (Prach and Lampert 2022): almost-orthogonal dense layers 784-190-190-128 with
/// ReLU and a linear AOL output layer to the 10 logits, the widths of the LBDN MNIST network; bound 1.
/// </summary>
[LipschitzNet(gamma: 1.0)]
[Input(784)]
[Aol(190)]
[Aol(190)]
[Aol(128)]
[Aol(10, Activation = Activation.Identity)]
public partial class MnistAol;
