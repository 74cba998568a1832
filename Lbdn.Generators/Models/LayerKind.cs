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
    Dense,
    Flatten,
    AvgPool,
    Scale,
    /// <summary>A user module, <c>[Layer(typeof(T))]</c>.</summary>
    User,
}
