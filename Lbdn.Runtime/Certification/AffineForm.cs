using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>A stage that is the affine map y = c W h + b: its weight W (out x in; null for the identity) and factor c.</summary>
/// <param name="Weight">W, or null when the stage only scales (y = c h).</param>
/// <param name="Factor">The constant c.</param>
public sealed record AffineForm(Tensor? Weight, double Factor = 1.0);
