using System.Globalization;

namespace Lbdn.Generators.Verification;

/// <summary>A tensor shape without the batch dimension: a vector (features) or an image (channels, height, width).</summary>
public sealed record Shape(EquatableArray<long> Dimensions)
{
    /// <summary>A vector of <paramref name="features"/>.</summary>
    public static Shape Vector(long features) => new(new[] { features }.ToEquatableArray());

    /// <summary>An image of channels x height x width.</summary>
    public static Shape Image(long channels, long height, long width) => new(new[] { channels, height, width }.ToEquatableArray());

    /// <summary>Whether this is an image.</summary>
    public bool IsImage => Dimensions.Count == 3;

    /// <summary>Features of a vector, channels of an image.</summary>
    public long Channels => Dimensions[0];

    /// <summary>Height of an image.</summary>
    public long Height => Dimensions[1];

    /// <summary>Width of an image.</summary>
    public long Width => Dimensions[2];

    /// <summary>Total number of elements.</summary>
    public long Elements => Dimensions.Aggregate(1L, (product, d) => product * d);

    /// <summary>"[batch, 1, 28, 28]": the shape of a batch of these.</summary>
    public string ToBatchString() => "[batch, " + ToString().Substring(1);

    /// <summary>"[1, 28, 28]".</summary>
    public override string ToString() =>
        "[" + string.Join(", ", Dimensions.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
