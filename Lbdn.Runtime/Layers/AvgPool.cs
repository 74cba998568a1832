using Lbdn.Certification;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>Non-overlapping k x k average pooling; its l2 bound is 1/k (each output is the mean of k^2 inputs, ||mean|| &lt;= ||x|| / k).</summary>
public sealed class AvgPool : nn.Module<Tensor, Tensor>, ILipschitzModule, IFreezable, ICertifiableStep
{
    /// <summary>Pools windows of <paramref name="kernel"/> x <paramref name="kernel"/>.</summary>
    public AvgPool(long kernel) : base(nameof(AvgPool))
    {
        LayerArguments.Positive(kernel, nameof(kernel));
        Kernel = kernel;
    }

    /// <summary>Window size k.</summary>
    public long Kernel { get; }

    /// <inheritdoc />
    public double LipschitzBound => 1.0 / Kernel;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (input.dim() != 4 || input.shape[2] % Kernel != 0 || input.shape[3] % Kernel != 0)
        {
            throw new ArgumentException(
                $"AvgPool({Kernel}) expects [batch, c, h, w] with h and w divisible by {Kernel}, got [{string.Join(", ", input.shape)}].");
        }

        return nn.functional.avg_pool2d(input, Kernel, Kernel);
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => new AvgPool(Kernel);

    /// <inheritdoc cref="IFreezable.Freeze(ScalarType)" />
    /// <remarks>Holds no weights, so the copy is the same in every precision.</remarks>
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        return Freeze();
    }

    IBallStep ICertifiableStep.BallStep() => new PoolBallStep(Kernel);
}
