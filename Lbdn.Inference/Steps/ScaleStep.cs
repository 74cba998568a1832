using System.Numerics.Tensors;

namespace Lbdn.Inference.Steps;

/// <summary>y = c x.</summary>
internal sealed class ScaleStep(double factor, int size) : IInferenceStep
{
    public int InputSize => size;

    public int OutputSize => size;

    public double Lipschitz => Math.Abs(factor);

    public void Forward(ReadOnlySpan<double> input, Span<double> output) => TensorPrimitives.Multiply(input, factor, output);

    /// <summary>One rounding per element: u ||y||.</summary>
    public double RoundingError(double inputNorm, double outputNorm) => Rounding.Unit * outputNorm;
}
