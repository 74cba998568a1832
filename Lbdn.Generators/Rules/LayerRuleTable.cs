using System.Numerics;
using Lbdn.Generators.Models;
using Lbdn.Generators.Verification;
using Lbdn.Rules;

namespace Lbdn.Generators.Rules;

/// <summary>
/// The one table of layer kinds (docs/architecture.md, "runtime types the generated code uses"). Adding a layer kind is
/// one entry here: the parser, the verifier, the names, the parameter count and the emitter all read it.
/// </summary>
internal static class LayerRuleTable
{
    /// <summary>Every layer kind the generator knows.</summary>
    public static readonly IReadOnlyList<LayerRule> All =
    [
        new(typeof(SandwichAttribute), static c => c.Vector(), static _ => 1.0)
        {
            Activations = ActivationSupport.SlopeRestricted,
            DefaultActivation = SandwichAttribute.DefaultActivation,
            Weights = static (layer, input) => [[layer.Size, layer.Size + input.Channels], [], [layer.Size], [layer.Size]],
            RuntimeType = "SandwichLayer",
            Constructor = static a => [a.InputWidth, a.Size, a.Activation],
            TakesDevice = true,
        },
        new(typeof(SandwichLinearAttribute), static c => c.Vector(), static _ => 1.0)
        {
            DefaultForm = SandwichLinearAttribute.DefaultForm,
            CheckArguments = static c => c.CheckForm(),
            Weights = static (layer, input) => [[layer.Size, layer.Size + input.Channels], [], [layer.Size]],
            RuntimeType = "SandwichLinear",
            Constructor = static a => a.Layer.Form == SandwichForm.B ? [a.InputWidth, a.Size] : [a.InputWidth, a.Size, a.Form],
            TakesDevice = true,
        },
        new(typeof(SandwichConvAttribute), static c => c.Convolution(), static _ => 1.0)
        {
            Activations = ActivationSupport.SlopeRestricted,
            DefaultActivation = SandwichConvAttribute.DefaultActivation,
            DefaultKernel = SandwichConvAttribute.DefaultKernel,
            DefaultStride = SandwichConvAttribute.DefaultStride,
            Weights = static (layer, input) =>
            {
                var (channels, kernel) = ConvolutionWeights(layer, input);
                return [[layer.Size, layer.Size + channels, kernel, kernel], [], [layer.Size], [layer.Size]];
            },
            RuntimeType = "SandwichConv2d",
            Constructor = static a => [a.InputWidth, a.Size, a.Height, a.Kernel, a.Stride, a.Activation],
            TakesDevice = true,
        },
        new(typeof(OrthogonalAttribute), static c => c.Vector(), static _ => 1.0)
        {
            Activations = ActivationSupport.Any,
            DefaultActivation = OrthogonalAttribute.DefaultActivation,
            Weights = static (layer, input) =>
                [[BigInteger.Min(layer.Size, input.Channels), BigInteger.Max(layer.Size, input.Channels)], [], [layer.Size]],
            RuntimeType = "OrthogonalLinear",
            Constructor = static a => [a.InputWidth, a.Size, a.Activation],
            TakesDevice = true,
        },
        new(typeof(OrthogonalConvAttribute), static c => c.Convolution(), static _ => 1.0)
        {
            Activations = ActivationSupport.Any,
            DefaultActivation = OrthogonalConvAttribute.DefaultActivation,
            DefaultKernel = OrthogonalConvAttribute.DefaultKernel,
            DefaultStride = OrthogonalConvAttribute.DefaultStride,
            Weights = static (layer, input) =>
            {
                var (channels, kernel) = ConvolutionWeights(layer, input);
                return [[BigInteger.Min(layer.Size, channels), BigInteger.Max(layer.Size, channels), kernel, kernel], [], [layer.Size]];
            },
            RuntimeType = "OrthogonalConv2d",
            Constructor = static a => [a.InputWidth, a.Size, a.Height, a.Kernel, a.Stride, a.Activation],
            TakesDevice = true,
        },
        new(typeof(AolAttribute), static c => c.Vector(), static _ => 1.0)
        {
            Activations = ActivationSupport.Any,
            DefaultActivation = AolAttribute.DefaultActivation,
            Weights = static (layer, input) => [[layer.Size, input.Channels], [layer.Size]],
            RuntimeType = "AolLinear",
            Constructor = static a => [a.InputWidth, a.Size, a.Activation],
            TakesDevice = true,
        },
        new(typeof(SllAttribute), static c => c.Residual(), static _ => 1.0)
        {
            Activations = ActivationSupport.SlopeRestricted,
            SortingAdvice = "an SLL layer needs an elementwise activation with slope in [0, 1]; use ReLU",
            DefaultActivation = SllAttribute.DefaultActivation,
            Weights = static (layer, input) => [[layer.Size, input.Channels], [layer.Size], [layer.Size]],
            RuntimeType = "SllLinear",
            Constructor = static a => [a.InputWidth, a.Size, a.Activation],
            TakesDevice = true,
        },
        new(typeof(SllConvAttribute), static c => c.ZeroPadded(keepsShape: true), static _ => 1.0)
        {
            Activations = ActivationSupport.SlopeRestricted,
            SortingAdvice = "an SLL layer needs an elementwise activation with slope in [0, 1]; use ReLU",
            DefaultActivation = SllConvAttribute.DefaultActivation,
            DefaultKernel = SllConvAttribute.DefaultKernel,
            Weights = static (layer, input) => [[layer.Size, input.Channels, layer.Kernel, layer.Kernel], [layer.Size], [layer.Size]],
            RuntimeType = "SllConv2d",
            Constructor = static a => [a.InputWidth, a.Size, a.Kernel, a.Activation],
            TakesDevice = true,
        },
        new(typeof(AolConvAttribute), static c => c.ZeroPadded(keepsShape: false), static _ => 1.0)
        {
            Activations = ActivationSupport.Any,
            DefaultActivation = AolConvAttribute.DefaultActivation,
            DefaultKernel = AolConvAttribute.DefaultKernel,
            Weights = static (layer, input) => [[layer.Size, input.Channels, layer.Kernel, layer.Kernel], [layer.Size]],
            RuntimeType = "AolConv2d",
            Constructor = static a => [a.InputWidth, a.Size, a.Kernel, a.Activation],
            TakesDevice = true,
        },
        new(typeof(DenseAttribute), static c => c.Vector(), static c => c.MaxNorm())
        {
            Activations = ActivationSupport.Any,
            DefaultActivation = DenseAttribute.DefaultActivation,
            DefaultFactor = DenseAttribute.DefaultMaxNorm,
            Weights = static (layer, input) => [[layer.Size, input.Channels], [layer.Size]],
            RuntimeType = "DenseLayer",
            Constructor = static a => [a.InputWidth, a.Size, a.Factor, a.Activation],
            TakesDevice = true,
        },
        new(typeof(FlattenAttribute), static c => c.Flattened(), static _ => 1.0)
        {
            RuntimeType = "Flatten",
        },
        new(typeof(AvgPoolAttribute), static c => c.Pooled(), static c => c.PoolBound())
        {
            RuntimeType = "AvgPool",
            Constructor = static a => [a.Size],
        },
        new(typeof(ScaleAttribute), static c => c.Input, static c => c.ScaleFactor())
        {
            RuntimeType = "LipschitzScale",
            Constructor = static a => [a.Factor],
        },
        new(typeof(LayerAttribute), static c => c.UserOutput(), static c => c.UserBound())
        {
            // A nested [LipschitzNet] declaration is built with the outer network's device and dtype; any other module with new T().
            Constructor = static a => a.Layer.Module is { IsNetwork: true } ? ["device", "dtype"] : [],
        },
    ];

    private static readonly Dictionary<string, LayerRule> ByMetadataName = All.ToDictionary(rule => rule.MetadataName, StringComparer.Ordinal);

    /// <summary>The rule of the injected input and output scales.</summary>
    public static LayerRule Scale { get; } = Of(typeof(ScaleAttribute));

    /// <summary>The rule of an attribute's metadata name, or null when the generator does not know it.</summary>
    public static LayerRule? Find(string metadataName) => ByMetadataName.TryGetValue(metadataName, out var rule) ? rule : null;

    /// <summary>The rule of <paramref name="layer"/>, or null for an attribute the generator does not know.</summary>
    public static LayerRule? Find(LayerModel layer) => Find(layer.AttributeType);

    /// <summary>The rule of <paramref name="attribute"/>.</summary>
    public static LayerRule Of(Type attribute) => ByMetadataName[attribute.FullName!];

    // A Fourier convolution's weight covers the channels and kernel it runs with (Lbdn.Dsl ConvolutionRules).
    private static (BigInteger Channels, BigInteger Kernel) ConvolutionWeights(LayerModel layer, Shape input) =>
        (ConvolutionRules.WorkingChannels(input.Channels, layer.Stride), ConvolutionRules.WorkingKernel(layer.Kernel, layer.Stride));
}
