using System.Numerics;
using Lbdn.Generators.Models;

namespace Lbdn.Generators.Verification;

/// <summary>The parameter tensors a layer's runtime constructor allocates (Lbdn.Runtime/Layers), counted exactly.</summary>
public static class ParameterCount
{
    /// <summary>The largest .NET array: a tensor with more elements cannot be copied into one, so Lbdn cannot hold it.</summary>
    public const long MaxTensorElements = 0x7FFFFFC7;

    /// <summary>The shapes of the parameter tensors of <paramref name="layer"/> receiving <paramref name="input"/>; none for layers without parameters.</summary>
    public static IReadOnlyList<BigInteger[]> Tensors(LayerModel layer, Shape input)
    {
        BigInteger width = input.Channels, size = layer.Size;
        var tensors = new List<BigInteger[]>();
        switch (layer.Kind)
        {
            case LayerKind.Sandwich:
                tensors.AddRange([[size, size + width], [], [size], [size]]);
                break;
            case LayerKind.SandwichLinear:
                tensors.AddRange([[size, size + width], [], [size]]);
                break;
            case LayerKind.Orthogonal:
                tensors.AddRange([[BigInteger.Min(size, width), BigInteger.Max(size, width)], [], [size]]);
                break;
            case LayerKind.Dense or LayerKind.Aol:
                tensors.AddRange([[size, width], [size]]);
                break;
            case LayerKind.Sll:
                tensors.AddRange([[size, width], [size], [size]]);
                break;
            case LayerKind.SllConv or LayerKind.AolConv:
                tensors.AddRange([[size, width, layer.Kernel, layer.Kernel], [size]]);
                if (layer.Kind == LayerKind.SllConv)
                {
                    tensors.Add([size]);
                }

                break;
            case LayerKind.SandwichConv or LayerKind.OrthogonalConv:
                // Stride 2 runs on the space-to-depth image: 4x the channels, the kernel shrunk to the largest odd size not above ceil(k / 2).
                var channels = layer.Stride == 2 ? 4 * width : width;
                BigInteger kernel = layer.Stride == 2 ? (((layer.Kernel + 1) / 2) - 1) | 1 : layer.Kernel;
                tensors.Add(layer.Kind == LayerKind.SandwichConv
                    ? [size, size + channels, kernel, kernel]
                    : [BigInteger.Min(size, channels), BigInteger.Max(size, channels), kernel, kernel]);
                tensors.AddRange(layer.Kind == LayerKind.SandwichConv ? [[], [size], [size]] : [[], [size]]);
                break;
            default:
                return tensors;
        }

        // A clipped ReLU learns one threshold per output neuron or channel.
        if (layer.Kind != LayerKind.SandwichLinear && layer.Activation == Activations.ClippedReLU)
        {
            tensors.Add([size]);
        }

        return tensors;
    }

    /// <summary>The number of elements of a tensor of <paramref name="shape"/>.</summary>
    public static BigInteger Elements(BigInteger[] shape) => shape.Aggregate(BigInteger.One, (product, d) => product * d);
}
