namespace Lbdn;

/// <summary>The input shape: <c>[Input(784)]</c> for vectors or <c>[Input(1, 28, 28)]</c> for channels, height, width. Exactly one, first.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>A vector input of <paramref name="features"/> features.</summary>
    public InputAttribute(int features) => Shape = [features];

    /// <summary>An image input of <paramref name="channels"/> x <paramref name="height"/> x <paramref name="width"/>.</summary>
    public InputAttribute(int channels, int height, int width) => Shape = [channels, height, width];

    /// <summary>The declared shape, without the batch dimension.</summary>
    public int[] Shape { get; }
}
