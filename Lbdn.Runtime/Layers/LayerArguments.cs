using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>Argument checks of constructors and freezes, with messages that name the problem and the fix.</summary>
internal static class LayerArguments
{
    public static void Positive(long value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }

    public static void SlopeRestricted(Activation activation, string layer)
    {
        if (!LipschitzActivation.IsSlopeRestricted(activation))
        {
            throw new ArgumentException(
                $"{layer} needs an elementwise activation with slope in [0, 1]; {activation} is not elementwise. " +
                "Use ReLU, Tanh, Sigmoid, LeakyReLU, ClippedReLU or Identity, or an Orthogonal layer for MaxMin/GroupSort.",
                nameof(activation));
        }
    }

    public static void FiniteNonNegative(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and non-negative.");
        }
    }

    public static void Form(SandwichForm form, string layer)
    {
        if (form is not (SandwichForm.B or SandwichForm.AB))
        {
            throw new ArgumentOutOfRangeException(nameof(form), form, $"{layer} supports SandwichForm.B or SandwichForm.AB.");
        }
    }

    public static void Precision(ScalarType precision)
    {
        if (precision is not (ScalarType.Float32 or ScalarType.Float64))
        {
            throw new ArgumentException(
                $"Freezing evaluates Cayley transforms and SVDs, which need Float32 or Float64, got {precision}.", nameof(precision));
        }
    }
}
