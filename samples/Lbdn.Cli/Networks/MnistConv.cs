namespace Lbdn.Cli.Networks;

/// <summary>
/// A small convolutional sandwich classifier: one stride-2 Fourier-domain sandwich convolution (1x28x28 to 16x14x14),
/// then a sandwich layer of 256 and the output layer; bound 1.
/// </summary>
[LipschitzNet(gamma: 1.0)]
[Input(1, 28, 28)]
[SandwichConv(16, Kernel = 3, Stride = 2)]
[Flatten]
[Sandwich(256)]
[SandwichLinear(10)]
public partial class MnistConv;
