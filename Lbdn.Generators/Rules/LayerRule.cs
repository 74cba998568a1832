using System.Numerics;
using System.Reflection;
using System.Text;
using Lbdn.Generators.Emit;
using Lbdn.Generators.Models;
using Lbdn.Generators.Verification;

namespace Lbdn.Generators.Rules;

/// <summary>
/// Everything the generator knows about one layer kind, keyed by its attribute type in Lbdn.Dsl: the parser reads its
/// constructor argument and defaults, the verifier its shape function, bound, activations and argument checks, the
/// parameter count its weights, and the emitter its runtime type and constructor arguments. Names (kind, slug, argument)
/// are read from the attribute type, never restated.
/// </summary>
/// <param name="attribute">The layer attribute type in Lbdn.Dsl.</param>
/// <param name="shape">The output shape for the shape received, or null (with a finding) when there is none.</param>
/// <param name="bound">The proven l2 Lipschitz bound, or null (with a finding) when there is none.</param>
internal sealed class LayerRule(Type attribute, Func<LayerContext, Shape?> shape, Func<LayerContext, double?> bound)
{
    private static readonly Func<LayerModel, Shape, IEnumerable<BigInteger[]>> NoWeights = static (_, _) => [];

    private readonly ParameterInfo? argument = attribute.GetConstructors().Single().GetParameters().SingleOrDefault();

    /// <summary>The attribute type.</summary>
    public Type Attribute { get; } = attribute;

    /// <summary>"Lbdn.SandwichConvAttribute": how the parser recognises the attribute.</summary>
    public string MetadataName => Attribute.FullName!;

    /// <summary>"SandwichConv": the attribute's name without "Attribute", shown in the generated Description.</summary>
    public string Kind => Attribute.Name.Substring(0, Attribute.Name.Length - nameof(System.Attribute).Length);

    /// <summary>"sandwich_conv": the kind in snake case, in generated state_dict names.</summary>
    public string Slug => SnakeCase(Kind);

    /// <summary>The attribute's constructor parameter ("features", "channels", "kernel", "factor", "module"); null when it has none.</summary>
    public string? ArgumentName => argument?.Name;

    /// <summary>The type of that parameter: int (a size), double (a factor) or Type (a module); null when there is none.</summary>
    public Type? ArgumentType => argument?.ParameterType;

    /// <summary>The output shape of the layer, checked against what it receives.</summary>
    public Func<LayerContext, Shape?> Shape { get; } = shape;

    /// <summary>The layer's proven bound.</summary>
    public Func<LayerContext, double?> Bound { get; } = bound;

    /// <summary>Which activations the layer's proof allows.</summary>
    public ActivationSupport Activations { get; init; }

    /// <summary>What LBDN006 says when a slope-restricted kind is given a sorting activation.</summary>
    public string SortingAdvice { get; init; } = "a sandwich layer needs an elementwise activation with slope in [0, 1]; use ReLU, or an [Orthogonal] layer for MaxMin/GroupSort";

    /// <summary>The activation when none is written (the attribute's const default).</summary>
    public Activation DefaultActivation { get; init; }

    /// <summary>The kernel when none is written (the attribute's const default).</summary>
    public int DefaultKernel { get; init; }

    /// <summary>The stride when none is written (the attribute's const default).</summary>
    public int DefaultStride { get; init; }

    /// <summary>The factor (MaxNorm) when none is written (the attribute's const default).</summary>
    public double DefaultFactor { get; init; } = 1.0;

    /// <summary>The sandwich form when none is written (the attribute's const default).</summary>
    public SandwichForm DefaultForm { get; init; }

    /// <summary>Checks of arguments that touch neither shape nor bound.</summary>
    public Action<LayerContext> CheckArguments { get; init; } = static _ => { };

    /// <summary>The shapes of the weight tensors the runtime constructor allocates for the input shape (a clipped ReLU's thresholds are added for every layer with an activation).</summary>
    public Func<LayerModel, Shape, IEnumerable<BigInteger[]>> Weights { get; init; } = NoWeights;

    /// <summary>The runtime type in Lbdn.Layers; null for a user module, whose own type is constructed.</summary>
    public string? RuntimeType { get; init; }

    /// <summary>The runtime constructor's arguments before device and dtype.</summary>
    public Func<ConstructorArguments, IEnumerable<string>> Constructor { get; init; } = static _ => [];

    /// <summary>Whether the runtime constructor ends with device and dtype.</summary>
    public bool TakesDevice { get; init; }

    private static string SnakeCase(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && slug.Length > 0)
            {
                slug.Append('_');
            }

            slug.Append(char.ToLowerInvariant(c));
        }

        return slug.ToString();
    }
}
