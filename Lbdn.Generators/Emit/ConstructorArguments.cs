using Lbdn.Generators.Models;
using Lbdn.Generators.Verification;

namespace Lbdn.Generators.Emit;

/// <summary>The literals a layer rule's constructor may pass, for one verified stage.</summary>
internal sealed class ConstructorArguments(LayerModel layer, Shape input)
{
    /// <summary>The declared layer.</summary>
    public LayerModel Layer => layer;

    /// <summary>Features or channels received.</summary>
    public string InputWidth => Literals.Long(input.Channels);

    /// <summary>Height (= width) of the image received.</summary>
    public string Height => Literals.Long(input.Height);

    /// <summary>The attribute's size: features, channels or pooling window.</summary>
    public string Size => Literals.Long(layer.Size);

    /// <summary>The convolution kernel.</summary>
    public string Kernel => Literals.Long(layer.Kernel);

    /// <summary>The convolution stride.</summary>
    public string Stride => Literals.Long(layer.Stride);

    /// <summary>The scale factor or MaxNorm.</summary>
    public string Factor => Literals.Double(layer.Factor);

    /// <summary>The activation, as a member of Lbdn.Activation.</summary>
    public string Activation => RuntimeNames.Activation + "." + layer.Activation;

    /// <summary>The sandwich form, as a member of Lbdn.SandwichForm.</summary>
    public string Form => RuntimeNames.SandwichForm + "." + layer.Form;
}
