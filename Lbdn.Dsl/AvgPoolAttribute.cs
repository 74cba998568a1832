namespace Lbdn;

/// <summary>Non-overlapping k x k average pooling; l2 bound 1/k.</summary>
/// <param name="kernel">Window size k, which must divide the input's height and width.</param>
public sealed class AvgPoolAttribute(int kernel) : LipschitzLayerAttribute
{
    /// <summary>Window size k.</summary>
    public int Kernel { get; } = kernel;
}
