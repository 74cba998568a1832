using System.Globalization;

namespace Lbdn.Generators.Emit;

/// <summary>C# literals written the same way on every machine.</summary>
internal static class Literals
{
    /// <summary>A double literal: round-trippable, invariant, always with a '.' or exponent.</summary>
    public static string Double(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
    }

    /// <summary>An int literal.</summary>
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A long literal.</summary>
    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture) + "L";

    /// <summary>"new long[] { 1L, 28L, 28L }".</summary>
    public static string LongArray(IEnumerable<long> values) => "new long[] { " + string.Join(", ", values.Select(Long)) + " }";

    /// <summary>A C# string literal.</summary>
    public static string String(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
