namespace Lbdn.Interop;

/// <summary>One module of the reference <c>nn.Sequential</c> an export describes.</summary>
/// <param name="Index">Its index in the sequence, which prefixes its state_dict keys (<c>Index.weight</c>).</param>
/// <param name="Class">A class of the reference's <c>layer.py</c>, or <c>Scale</c> (multiply by <paramref name="Factor"/>) or <c>Flatten</c>.</param>
/// <param name="Arguments">Positional constructor arguments.</param>
/// <param name="Options">Keyword arguments.</param>
/// <param name="Factor">The factor of a <c>Scale</c>; null otherwise.</param>
/// <param name="Difference">What the reference module computes differently from the Lbdn stage it was exported from; null when they agree.</param>
public sealed record ReferenceModuleEntry(
    int Index, string Class, long[] Arguments, IReadOnlyDictionary<string, object> Options, double? Factor = null, string? Difference = null);
