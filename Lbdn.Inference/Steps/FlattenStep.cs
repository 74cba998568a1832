namespace Lbdn.Inference.Steps;

/// <summary>[c, h, w] to [c h w]: the sample's memory layout is unchanged, so a copy.</summary>
internal sealed class FlattenStep(int size) : IInferenceStep
{
    public int InputSize => size;

    public int OutputSize => size;

    public double Lipschitz => 1.0;

    public void Forward(ReadOnlySpan<double> input, Span<double> output) => input.CopyTo(output);

    public double RoundingError(double inputNorm, double outputNorm) => 0;
}
