namespace Lbdn.Generators.Verification;

/// <summary>The Lbdn.Activation values, by their numeric value.</summary>
internal static class Activations
{
    private static readonly string[] Names = ["ReLU", "Tanh", "Sigmoid", "LeakyReLU", "Identity", "ClippedReLU", "MaxMin", "GroupSort"];

    public const int ReLU = 0;
    public const int ClippedReLU = 5;
    public const int MaxMin = 6;
    public const int GroupSort = 7;

    /// <summary>GroupSort's group size in Lbdn.Runtime (LipschitzActivation.GroupSize).</summary>
    public const int GroupSize = 4;

    /// <summary>Whether <paramref name="value"/> is a declared member of the enum.</summary>
    public static bool IsDefined(int value) => value >= 0 && value < Names.Length;

    /// <summary>The member name, or the number for an undefined value.</summary>
    public static string NameOf(int value) =>
        IsDefined(value) ? Names[value] : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the activation sorts neurons instead of acting elementwise.</summary>
    public static bool IsSorting(int value) => value is MaxMin or GroupSort;
}
