using System.Globalization;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>A reference state_dict split into modules: keys <c>prefix.name</c> grouped by prefix.</summary>
internal static class ReferenceModules
{
    /// <summary>
    /// The modules of <paramref name="stateDict"/> in the natural order of their prefixes (numeric segments compared as
    /// numbers: <c>model.2</c> before <c>model.10</c>), which is the forward order of <c>nn.Sequential</c> and numbered lists.
    /// </summary>
    public static IReadOnlyList<(string Prefix, IReadOnlyList<(string Name, Tensor Value)> Parameters)> Group(IReadOnlyDictionary<string, Tensor> stateDict) =>
        [.. stateDict
            .GroupBy(entry => Prefix(entry.Key))
            .OrderBy(group => group.Key, NaturalOrder.Instance)
            .Select(group => (group.Key, (IReadOnlyList<(string, Tensor)>)[.. group.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => (Name(entry.Key), entry.Value))]))];

    /// <summary>The full state_dict key of parameter <paramref name="name"/> of module <paramref name="prefix"/>.</summary>
    public static string Key(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    private static string Prefix(string key) => key.LastIndexOf('.') is var dot and >= 0 ? key[..dot] : "";

    private static string Name(string key) => key[(key.LastIndexOf('.') + 1)..];

    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").Split('.');
            var b = (y ?? "").Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var order = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
                    && long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? m.CompareTo(n)
                    : string.CompareOrdinal(a[i], b[i]);
                if (order != 0)
                {
                    return order;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
