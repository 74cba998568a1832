using Lbdn.Layers;

namespace Lbdn.Interop;

/// <summary>The activations the reference modules hard-wire: ReLU inside its activated layers, none in its linear ones.</summary>
internal static class ReferenceActivation
{
    /// <summary>Throws unless <paramref name="sigma"/> is ReLU: the reference's sandwich layers always apply ReLU.</summary>
    public static void RequireReLU(LipschitzActivation sigma, string layer, string referenceClass)
    {
        if (sigma.Kind != Activation.ReLU)
        {
            throw new ReferenceCheckpointException(
                $"{layer} uses {sigma.Kind} but the reference's {referenceClass} applies ReLU; declare the layer with Activation = Activation.ReLU.");
        }
    }

    /// <summary>
    /// The reference class of an orthogonal layer: <paramref name="activated"/> (ReLU) or <paramref name="linear"/> (identity);
    /// throws for any other activation (Lbdn's default MaxMin among them).
    /// </summary>
    public static string Orthogonal(LipschitzActivation sigma, string layer, string activated, string linear) => sigma.Kind switch
    {
        Activation.ReLU => activated,
        Activation.Identity => linear,
        _ => throw new ReferenceCheckpointException(
            $"{layer} uses {sigma.Kind} but the reference's {activated} applies ReLU and {linear} none; declare the layer with Activation = Activation.ReLU or Activation.Identity."),
    };
}
