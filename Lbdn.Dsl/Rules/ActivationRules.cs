namespace Lbdn.Rules;

/// <summary>
/// Which widths and layers an <see cref="Activation"/> accepts; the one statement of these rules, called by the generator's
/// verification and by the runtime's <c>LipschitzActivation</c>.
/// </summary>
internal static class ActivationRules
{
    /// <summary>Neurons GroupSort sorts together.</summary>
    public const int GroupSize = 4;

    /// <summary>Neurons MaxMin sorts together: the two halves' matching neurons.</summary>
    public const int PairSize = 2;

    /// <summary>Whether <paramref name="activation"/> is a declared member of the enum.</summary>
    public static bool IsDefined(Activation activation) => Enum.IsDefined(typeof(Activation), activation);

    /// <summary>Whether the activation sorts neurons (MaxMin, GroupSort) instead of acting elementwise with slope in [0, 1].</summary>
    public static bool IsSorting(Activation activation) => activation is Activation.MaxMin or Activation.GroupSort;

    /// <summary>The number the width must be a multiple of: 2 for MaxMin, 4 for GroupSort, 1 otherwise.</summary>
    public static int WidthMultiple(Activation activation) => activation switch
    {
        Activation.MaxMin => PairSize,
        Activation.GroupSort => GroupSize,
        _ => 1,
    };

    /// <summary>Whether <paramref name="width"/> neurons can be split as the activation needs.</summary>
    public static bool AcceptsWidth(Activation activation, long width) => width % WidthMultiple(activation) == 0;
}
