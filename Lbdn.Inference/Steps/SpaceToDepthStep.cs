namespace Lbdn.Inference.Steps;

/// <summary>pixel_unshuffle by 2: y[4 c + 2 i + j, h, w] = x[c, 2 h + i, 2 w + j]; a permutation.</summary>
internal sealed class SpaceToDepthStep(int channels, int size) : IInferenceStep
{
    public int InputSize => channels * size * size;

    public int OutputSize => InputSize;

    public double Lipschitz => 1.0;

    public void Forward(ReadOnlySpan<double> input, Span<double> output)
    {
        var half = size / 2;
        for (var c = 0; c < channels; c++)
        {
            for (var i = 0; i < 2; i++)
            {
                for (var j = 0; j < 2; j++)
                {
                    var target = output.Slice(((4 * c) + (2 * i) + j) * half * half, half * half);
                    for (var h = 0; h < half; h++)
                    {
                        for (var w = 0; w < half; w++)
                        {
                            target[(h * half) + w] = input[(((c * size) + (2 * h) + i) * size) + (2 * w) + j];
                        }
                    }
                }
            }
        }
    }

    public double RoundingError(double inputNorm, double outputNorm) => 0;
}
