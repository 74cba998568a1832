using System.Globalization;
using Lbdn.Generators.Models;
using Lbdn.Generators.Rules;
using Microsoft.CodeAnalysis.CSharp;

namespace Lbdn.Generators.Verification;

/// <summary>State_dict names of layers: the attribute's Name, or layer{number}_{kind}.</summary>
internal static class LayerNames
{
    public const string InputScale = "input_scale";
    public const string OutputScale = "output_scale";

    /// <summary>Members of the generated class that a field must not shadow.</summary>
    private static readonly string[] Reserved = ["LipschitzBound", "Description", "Freeze", "Certify", "CertifiedRadius", "forward", "input", "seed", "device", "dtype"];

    /// <summary>The name of layer <paramref name="number"/> (1-based).</summary>
    public static string Of(LayerModel layer, int number) =>
        layer.Name ?? string.Format(CultureInfo.InvariantCulture, "layer{0}_{1}", number, Slug(layer));

    /// <summary>Why <paramref name="name"/> cannot name a field, or null when it can.</summary>
    public static string? Problem(string name, string typeName)
    {
        if (!SyntaxFacts.IsValidIdentifier(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
        {
            return "is not a valid C# identifier";
        }

        return Reserved.Contains(name) || name == typeName ? "is used by a member of the generated class" : null;
    }

    /// <summary>The kind as it appears in generated names: its rule's slug ("sandwich_conv"), or "layer" for a kind the generator does not know.</summary>
    public static string Slug(LayerModel layer) => LayerRuleTable.Find(layer)?.Slug ?? "layer";

    /// <summary>The kind shown in <c>Description</c>: its rule's kind ("SandwichConv"), or the user module's type name.</summary>
    public static string Kind(LayerModel layer) => layer.Module?.ShortName ?? LayerRuleTable.Find(layer)!.Kind;
}
