namespace Lbdn.Interop;

/// <summary>One parameter a reference module holds: its state_dict name (without the module prefix) and shape.</summary>
/// <param name="Name">The name inside the module, e.g. <c>weight</c>.</param>
/// <param name="Shape">The shape the reference module gives it.</param>
/// <param name="Lazy">True when the reference creates it on the first forward pass, so a checkpoint may lack it.</param>
public sealed record ReferenceParameter(string Name, long[] Shape, bool Lazy = false)
{
    /// <summary>True when <paramref name="shape"/> fits: equal, or both scalars ([] and [1] alike, as the reference saves alpha either way).</summary>
    public bool Fits(long[] shape) =>
        shape.SequenceEqual(Shape) || (Shape.Length == 0 && shape is [] or [1]);
}
