namespace Lbdn.Data;

/// <summary>An unsigned-byte IDX array: its dimensions and its row-major payload.</summary>
/// <param name="Dimensions">The sizes of the dimensions, outermost first.</param>
/// <param name="Data">The payload, one byte per element, row-major.</param>
public sealed record IdxArray(int[] Dimensions, byte[] Data)
{
    /// <summary>The size of the outermost dimension (the number of items).</summary>
    public int Count => Dimensions[0];
}
