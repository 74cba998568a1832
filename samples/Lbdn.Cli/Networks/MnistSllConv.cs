namespace Lbdn.Cli.Networks;

/// <summary>
/// A small convolutional AOL / SLL classifier that trains on a CPU: a zero-padded AOL convolution to 8 channels, 2 x 2
/// average pooling (bound 1/2) to 8 x 14 x 14, an SLL convolution with 16 neuron channels, flatten, and a linear AOL map to
/// the 10 logits; the declared gamma 1 is reached with the scale the generator injects.
/// </summary>
[LipschitzNet(gamma: 1.0)]
[Input(1, 28, 28)]
[AolConv(8, Kernel = 3)]
[AvgPool(2)]
[SllConv(16, Kernel = 3)]
[Flatten]
[Aol(10, Activation = Activation.Identity)]
public partial class MnistSllConv;
