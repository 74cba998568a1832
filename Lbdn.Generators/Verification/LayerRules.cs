using System.Globalization;
using Lbdn.Generators.Diagnostics;
using Lbdn.Generators.Models;
using Lbdn.Generators.Rules;
using static System.FormattableString;

namespace Lbdn.Generators.Verification;

/// <summary>Checks a layer against its rule in <see cref="LayerRuleTable"/>: shape, bound, activation, allocation and arguments.</summary>
internal static class LayerRules
{
    /// <summary>
    /// Checks <paramref name="layer"/>, number <paramref name="number"/> (1-based), receiving <paramref name="input"/> (null
    /// when unknown) in a network whose [Input] declares an image when <paramref name="imageNetwork"/>.
    /// </summary>
    public static LayerCheck Check(LayerModel layer, int number, Shape? input, bool imageNetwork)
    {
        var findings = new List<Finding>();
        var description = Describe(layer, number);
        if (LayerRuleTable.Find(layer) is not { } rule)
        {
            findings.Add(Finding.Of(
                DiagnosticDescriptors.UnprovableLayer,
                DiagnosticTarget.Attribute(layer.AttributeIndex),
                description,
                Invariant($"Lbdn does not know '{layer.AttributeName}'; use a built-in layer or [Layer(typeof(T))] with [LipschitzBound] on T")));
            return new LayerCheck(input, null, findings);
        }

        var context = new LayerContext(rule, layer, description, input, imageNetwork, findings);
        var output = rule.Shape(context);
        var bound = rule.Bound(context);
        context.CheckActivation(output);
        context.CheckAllocation(output);
        rule.CheckArguments(context);
        return new LayerCheck(output, bound, findings);
    }

    /// <summary>"layer 2 ([SandwichConv])".</summary>
    public static string Describe(LayerModel layer, int number)
    {
        var attribute = layer.AttributeName.EndsWith(nameof(Attribute), StringComparison.Ordinal)
            ? layer.AttributeName.Substring(0, layer.AttributeName.Length - nameof(Attribute).Length)
            : layer.AttributeName;
        return string.Format(CultureInfo.InvariantCulture, "layer {0} ([{1}])", number, attribute);
    }
}
