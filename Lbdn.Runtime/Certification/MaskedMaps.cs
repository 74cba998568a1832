using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// The maps around a stage's elementwise activation, h_out = U sigma(V h_in + b) (U = I when null). With P the mask of the
/// neurons that may vary on a ball, the stage's local bound there is ||U P|| ||P V|| (Huang et al. 2021; for sandwich layers
/// Wang and Manchester, ICML 2023), and ||P V|| alone when U is the identity.
/// </summary>
/// <param name="Inner">V (neurons x in).</param>
/// <param name="Outer">U (out x neurons), or null for the identity.</param>
public sealed record MaskedMaps(Tensor Inner, Tensor? Outer);
