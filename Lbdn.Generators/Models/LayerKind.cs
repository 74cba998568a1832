namespace Lbdn.Generators.Models;

/// <summary>The layer attributes the generator understands.</summary>
public enum LayerKind
{
    /// <summary>A class deriving from LipschitzLayerAttribute that the generator does not know.</summary>
    Unknown,
    Sandwich,
    SandwichLinear,
    SandwichConv,
    Orthogonal,
    OrthogonalConv,
    Aol,
    /// <summary><c>[Sll(inner)]</c>: the SDP-based Lipschitz residual layer.</summary>
    Sll,
    /// <summary><c>[SllConv(inner, Kernel = k)]</c>: the zero-padded convolutional SLL layer.</summary>
    SllConv,
    /// <summary><c>[AolConv(channels, Kernel = k)]</c>: the zero-padded almost-orthogonal convolution.</summary>
    AolConv,
    Dense,
    Flatten,
    AvgPool,
    Scale,
    /// <summary>A user module, <c>[Layer(typeof(T))]</c>.</summary>
    User,
}
