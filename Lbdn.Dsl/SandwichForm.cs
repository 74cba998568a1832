namespace Lbdn;

/// <summary>The linear map of a sandwich output layer (<see cref="SandwichLinearAttribute"/>); both have norm at most 1.</summary>
public enum SandwichForm
{
    /// <summary>y = B h + b, with B from the Cayley transform (the default).</summary>
    B = 0,
    /// <summary>y = 2 A^T B h + b, the form of the reference's <c>SandwichLin(AB=True)</c> and <c>SandwichConvLin</c>; it can express every linear map of norm at most 1.</summary>
    AB,
}
