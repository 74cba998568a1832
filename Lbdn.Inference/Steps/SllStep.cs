using System.Buffers;
using System.Numerics.Tensors;

namespace Lbdn.Inference.Steps;

/// <summary>
/// The SDP-based Lipschitz residual y = x + U sigma(V x + b) (Araujo et al. 2023, V = W^T, U = -2 W T^-1), dense or
/// convolutional: <c>into</c> computes V x + b, <c>back</c> computes U s, with the neurons' activation between them.
/// </summary>
internal sealed class SllStep : IInferenceStep
{
    private readonly IInferenceStep into;
    private readonly ActivationStep sigma;
    private readonly IInferenceStep back;
    private readonly double biasNorm;
    private readonly double sigmaAtZero;

    /// <summary>Composes V x + b (<paramref name="into"/>, with its <paramref name="bias"/> repeated over <paramref name="positions"/>), sigma and U.</summary>
    public SllStep(IInferenceStep into, double[] bias, int positions, ActivationStep sigma, IInferenceStep back)
    {
        this.into = into;
        this.sigma = sigma;
        this.back = back;
        InputSize = OutputSize = into.InputSize;
        biasNorm = TensorPrimitives.Norm<double>(bias) * Math.Sqrt(positions) * (1 + Rounding.Gamma(bias.Length + 2));
        var zeros = new double[sigma.InputSize];
        var atZero = new double[sigma.OutputSize];
        sigma.Forward(zeros, atZero);
        sigmaAtZero = TensorPrimitives.Norm<double>(atZero) * (1 + Rounding.Gamma(atZero.Length + 1)) / (1 - (64 * Rounding.Unit));

        // ||x + U D V|| <= 1 + ||U|| ||V|| for D diagonal in [0, 1] (the slopes of sigma): a proven bound of the stored weights.
        Lipschitz = (1 + (back.Lipschitz * into.Lipschitz)) * (1 + Rounding.Gamma(2));
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    /// <summary>1 + ||U|| ||V||, proven from the stored weights (the layer's own bound 1 rests on T, which the file does not hold).</summary>
    public double Lipschitz { get; }

    public void Forward(ReadOnlySpan<double> input, Span<double> output) => ForwardBatch(input, output, 1);

    /// <summary>Each stage on all <paramref name="count"/> samples (the dense maps read their weights once per four samples), then the residual sum.</summary>
    public void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> outputs, int count)
    {
        var neurons = into.OutputSize * count;
        var buffer = ArrayPool<double>.Shared.Rent(2 * neurons);
        try
        {
            var z = buffer.AsSpan(0, neurons);
            var s = buffer.AsSpan(neurons, neurons);
            into.ForwardBatch(inputs, z, count);
            ((IInferenceStep)sigma).ForwardBatch(z, s, count);
            back.ForwardBatch(s, outputs, count);
            TensorPrimitives.Add(outputs[..(OutputSize * count)], inputs[..(InputSize * count)], outputs[..(OutputSize * count)]);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// ||y^ - y|| &lt;= ||U|| (e_z + e_sigma) + e_U + u' ||y^||: e_z the error of z^ = fl(V x + b) (||z^|| &lt;= Z = ||V|| ||x|| + ||b|| + e_z),
    /// e_sigma that of sigma on it (||s^|| &lt;= S = (Z + ||sigma(0)||) / (1 - 64 u), slopes in [0, 1]), e_U that of fl(U s^),
    /// and one rounding of the residual sum x + U s^ (u' = gamma_1).
    /// </summary>
    public double RoundingError(double inputNorm, double outputNorm)
    {
        var exactZ = (into.Lipschitz * inputNorm) + biasNorm;
        var intoError = into.RoundingError(inputNorm, exactZ);
        var z = exactZ + intoError;
        var s = (z + sigmaAtZero) / (1 - (64 * Rounding.Unit)) * (1 + Rounding.Gamma(2));
        var sigmaError = sigma.RoundingError(z, s);
        var backError = back.RoundingError(s, back.Lipschitz * s);
        return (back.Lipschitz * (intoError + sigmaError)) + backError + (Rounding.Gamma(1) * outputNorm);
    }
}
