using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp;

namespace Lbdn.Cli.Shipping;

/// <summary>Checks the package id (also the namespace), the class name and the version of <c>lbdn pack</c>.</summary>
internal static partial class PackageNames
{
    /// <summary>Null when <paramref name="id"/> is a NuGet id whose dot-separated parts are C# identifiers; otherwise the problem.</summary>
    public static string? IdProblem(string id) =>
        id.Length is 0 or > 100 || !id.Split('.').All(IsIdentifier)
            ? $"--id '{id}' must be dot-separated C# identifiers (it is also the namespace), at most 100 characters, e.g. Contoso.Models.Digits."
            : null;

    /// <summary>Null when <paramref name="name"/> is a C# identifier; otherwise the problem.</summary>
    public static string? ClassProblem(string name) =>
        IsIdentifier(name) ? null : $"--class '{name}' must be a C# identifier (letters, digits, underscores, not a keyword), e.g. DigitClassifier.";

    /// <summary>Null when <paramref name="version"/> is X.Y.Z with an optional pre-release label; otherwise the problem.</summary>
    public static string? VersionProblem(string version) =>
        Version().IsMatch(version) ? null : $"--version '{version}' must be X.Y.Z with an optional pre-release label, e.g. 1.0.0 or 1.0.0-beta.1.";

    private static bool IsIdentifier(string name) =>
        SyntaxFacts.IsValidIdentifier(name) && SyntaxFacts.GetKeywordKind(name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
        && SyntaxFacts.GetContextualKeywordKind(name) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None;

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z]+(\.[0-9A-Za-z]+)*)?$")]
    private static partial Regex Version();
}
