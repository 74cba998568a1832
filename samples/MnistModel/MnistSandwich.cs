namespace Lbdn.Samples;

/// <summary>
/// The architecture the embedded weights were trained with: the same declaration as <c>mnist-sandwich</c> of the
/// <c>lbdn</c> CLI (sandwich 784-190-190-128, sandwich output to 10 logits, gamma 1). Only its <c>Freeze()</c> structure
/// is used, to receive the frozen state_dict.
/// </summary>
[LipschitzNet(gamma: 1.0)]
[Input(784)]
[Sandwich(190)]
[Sandwich(190)]
[Sandwich(128)]
[SandwichLinear(10)]
internal partial class MnistSandwich;
