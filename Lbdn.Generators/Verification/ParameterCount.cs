using System.Numerics;
using Lbdn.Generators.Models;
using Lbdn.Generators.Rules;

namespace Lbdn.Generators.Verification;

/// <summary>The parameter tensors a layer's runtime constructor allocates (Lbdn.Runtime/Layers), counted exactly.</summary>
public static class ParameterCount
{
    /// <summary>The largest .NET array: a tensor with more elements cannot be copied into one, so Lbdn cannot hold it.</summary>
    public const long MaxTensorElements = 0x7FFFFFC7;

    /// <summary>The shapes of the parameter tensors of <paramref name="layer"/> receiving <paramref name="input"/>; none for layers without parameters.</summary>
    public static IReadOnlyList<BigInteger[]> Tensors(LayerModel layer, Shape input)
    {
        if (LayerRuleTable.Find(layer) is not { } rule)
        {
            return [];
        }

        var tensors = rule.Weights(layer, input).ToList();
        // A clipped ReLU learns one threshold per output neuron or channel.
        if (rule.Activations != ActivationSupport.None && layer.Activation == Activation.ClippedReLU)
        {
            tensors.Add([layer.Size]);
        }

        return tensors;
    }

    /// <summary>The number of elements of a tensor of <paramref name="shape"/>.</summary>
    public static BigInteger Elements(BigInteger[] shape) => shape.Aggregate(BigInteger.One, (product, d) => product * d);
}
