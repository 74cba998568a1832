namespace Lbdn.Cli.Networks;

/// <summary>
/// The SLL baseline of the LBDN comparison (Araujo et al. 2023): SLL residual layers keep their width, so a linear AOL map
/// takes the 784 pixels to 190 features, three SLL layers of width 190 with 190, 190 and 128 neurons follow, and a linear
/// AOL map gives the 10 logits; bound 1.
/// </summary>
[LipschitzNet(gamma: 1.0)]
[Input(784)]
[Aol(190, Activation = Activation.Identity)]
[Sll(190)]
[Sll(190)]
[Sll(128)]
[Aol(10, Activation = Activation.Identity)]
public partial class MnistSll;
