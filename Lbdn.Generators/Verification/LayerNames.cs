using System.Globalization;
using Lbdn.Generators.Models;
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

    /// <summary>The kind as it appears in generated names and descriptions: "sandwich_conv", or the user module's type name.</summary>
    public static string Slug(LayerModel layer) => layer.Kind switch
    {
        LayerKind.Sandwich => "sandwich",
        LayerKind.SandwichLinear => "sandwich_linear",
        LayerKind.SandwichConv => "sandwich_conv",
        LayerKind.Orthogonal => "orthogonal",
        LayerKind.Aol => "aol",
        LayerKind.Sll => "sll",
        LayerKind.SllConv => "sll_conv",
        LayerKind.AolConv => "aol_conv",
        LayerKind.OrthogonalConv => "orthogonal_conv",
        LayerKind.Dense => "dense",
        LayerKind.Flatten => "flatten",
        LayerKind.AvgPool => "avg_pool",
        LayerKind.Scale => "scale",
        _ => "layer",
    };

    /// <summary>The kind shown in <c>Description</c>: "SandwichConv", or the user module's type name.</summary>
    public static string Kind(LayerModel layer) => layer.Kind == LayerKind.User ? layer.Module!.ShortName : layer.Kind.ToString();
}
