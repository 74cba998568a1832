using Lbdn.Layers;
using Lbdn.Tests.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary>Small float64 networks of every layer kind, randomised, for the soundness tests.</summary>
internal static class CertificationNetworks
{
    private const ScalarType F64 = ScalarType.Float64;

    public static LipschitzSequential Build(string kind, int seed)
    {
        manual_seed(seed);
        LipschitzSequential network = kind switch
        {
            "sandwich" => new LipschitzSequential(
                [4],
                new LipschitzScale(Math.Sqrt(2)),
                new SandwichLayer(4, 8, Activation.ReLU, dtype: F64),
                new SandwichLayer(8, 6, Activation.ReLU, dtype: F64),
                new SandwichLinear(6, 3, dtype: F64),
                new LipschitzScale(Math.Sqrt(2))),
            "sandwich-clipped" => new LipschitzSequential(
                [4],
                new SandwichLayer(4, 10, Activation.ClippedReLU, dtype: F64),
                new SandwichLayer(10, 8, Activation.ClippedReLU, dtype: F64),
                new SandwichLinear(8, 3, dtype: F64)),
            "dense-clipped" => new LipschitzSequential(
                [4],
                new DenseLayer(4, 8, 1.5, Activation.ClippedReLU, dtype: F64),
                new DenseLayer(8, 8, 1.0, Activation.ClippedReLU, dtype: F64),
                new DenseLayer(8, 3, 1.0, Activation.Identity, dtype: F64)),
            "every-dense-kind" => NetworkFactory.EveryDenseKind(2.0, inputs: 4),
            "orthogonal" => new LipschitzSequential(
                [4],
                new OrthogonalLinear(4, 8, Activation.MaxMin, dtype: F64),
                new OrthogonalLinear(8, 8, Activation.GroupSort, dtype: F64),
                new OrthogonalLinear(8, 3, Activation.Identity, dtype: F64)),
            "conv" => new LipschitzSequential(
                [1, 4, 4],
                new SandwichConv2d(1, 2, 4, 3, 1, Activation.ReLU, dtype: F64),
                new SandwichConv2d(2, 2, 4, 3, 1, Activation.ClippedReLU, dtype: F64),
                new OrthogonalConv2d(2, 4, 4, 3, 2, Activation.MaxMin, dtype: F64),
                new AvgPool(2),
                new Flatten(),
                new SandwichLinear(4, 3, dtype: F64)),
            "conv-flat" => new LipschitzSequential(
                [2, 4, 4],
                new OrthogonalConv2d(2, 2, 4, 3, 1, Activation.ReLU, dtype: F64),
                new SandwichConvLinear(2, 2, 4, 3, 1, dtype: F64),
                new Flatten(),
                new DenseLayer(32, 6, 1.0, Activation.ClippedReLU, dtype: F64),
                new SandwichLinear(6, 3, dtype: F64)),
            "sll" => new LipschitzSequential(
                [4],
                new LipschitzScale(2.0),
                new SllLinear(4, 8, Activation.ReLU, dtype: F64),
                new SllLinear(4, 3, Activation.ClippedReLU, dtype: F64),
                new SandwichLinear(4, 3, dtype: F64)),
            "zero-padded-conv" => new LipschitzSequential(
                [1, 4, 5],
                new AolConv2d(1, 2, 3, Activation.ReLU, dtype: F64),
                new SllConv2d(2, 3, 3, Activation.ReLU, dtype: F64),
                new Flatten(),
                new SandwichLinear(40, 3, dtype: F64)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown network kind"),
        };
        NetworkFactory.Randomise(network, 1.0);
        network.eval();
        return network;
    }

    public static Tensor Inputs(LipschitzSequential network, int count, int seed)
    {
        using var generator = new Generator((ulong)seed);
        return randn([count, .. network.InputShape], dtype: F64, generator: generator);
    }

    /// <summary>Points of the eps-ball around x: uniform inside and on the sphere, [samples, ..shape].</summary>
    public static Tensor BallSamples(Tensor x, double eps, int samples, Generator generator)
    {
        long[] shape = [samples, .. x.shape];
        var direction = randn(shape, dtype: x.dtype, generator: generator);
        var unit = direction / direction.flatten(1).norm(1).reshape([-1, .. Enumerable.Repeat(1L, (int)x.dim())]);
        var radius = rand([samples], dtype: x.dtype, generator: generator).pow(1.0 / x.numel());
        radius[..(samples / 4)] = tensor(1.0 - 1e-9, dtype: x.dtype);
        return x.unsqueeze(0) + (unit * (radius * eps).reshape([-1, .. Enumerable.Repeat(1L, (int)x.dim())]));
    }
}
