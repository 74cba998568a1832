namespace Lbdn.Interop;

/// <summary>Where one reference module went.</summary>
/// <param name="Prefix">The module's state_dict prefix in the checkpoint, e.g. <c>model.0</c>.</param>
/// <param name="Stage">The Lbdn stage it was placed on.</param>
/// <param name="Reference">The equivalent reference module, e.g. <c>SandwichFc(784, 190)</c>.</param>
public sealed record ReferencePlacement(string Prefix, string Stage, string Reference);

/// <summary>The result of an import.</summary>
/// <param name="Placements">One entry per reference module, in forward order.</param>
/// <param name="CheckDifference">max |Lbdn(input) - reference output| on the check batch, or null when there was none.</param>
/// <param name="ReferenceFormulaDifference">
/// When Lbdn's layers differ from the reference's formulas (<paramref name="Differences"/>): max |reference formulas on the
/// imported parameters - reference output|, which verified the placement; null otherwise.
/// </param>
/// <param name="Differences">One line per stage whose Lbdn formula differs from the reference's: what differs and the measured deviation.</param>
public sealed record ReferenceImport(
    IReadOnlyList<ReferencePlacement> Placements, double? CheckDifference, double? ReferenceFormulaDifference, IReadOnlyList<string> Differences);
