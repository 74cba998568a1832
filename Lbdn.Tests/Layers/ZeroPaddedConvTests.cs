using Lbdn.Certification;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

/// <summary>
/// AolConv2d and SllConv2d against the dense matrices of their zero-padded convolutions: the AOL condition and the SLL
/// condition T &gt;= W^T W checked exactly, Jacobian norms over activation patterns, adversarial parameters, freeze and certification.
/// </summary>
public sealed class ZeroPaddedConvTests
{
    private const ScalarType F64 = ScalarType.Float64;

    [Theory]
    [InlineData(3, 5, 1e-3)]
    [InlineData(3, 5, 1.0)]
    [InlineData(3, 5, 1e3)]
    [InlineData(5, 3, 1.0)]
    [InlineData(1, 4, 1.0)]
    public void The_kernel_correlation_bounds_the_dense_Gram_matrix_and_the_rescaled_convolution_has_norm_at_most_one(int kernel, int size, double scale)
    {
        for (var seed = 0; seed < 4; seed++)
        {
            manual_seed(seed);
            using var layer = new AolConv2d(2 + (seed % 2), 3, kernel, Activation.Identity, dtype: F64);
            NetworkFactory.Randomise(layer, scale);
            using var scope = NewDisposeScope();
            var channels = 2 + (seed % 2);
            var m0 = DenseMatrix(x => FrozenConv.Apply(x, layer.Kernel, null), channels, size);
            var m = DenseMatrix(x => FrozenConv.Apply(x, layer.RescaledKernel(), null), channels, size);

            // The self-correlation bound: each row sum of |M0^T M0| (column (c, x) of the unscaled dense matrix) is at most
            // R_c = t_c^-2, on the zero-padded border too; t_c is read off the rescaled kernel.
            var t = (layer.RescaledKernel() / layer.Kernel)[0, .., 0, 0];
            var bound = t.pow(-2).repeat_interleave(size * size);
            var excess = (m0.mT.matmul(m0).abs().sum(1) - (bound * (1 + 1e-12))).max().ToDouble();
            Assert.True(excess <= 0, $"seed {seed}: a row sum of |M^T M| exceeds its bound by {excess}");
            Assert.True(linalg.matrix_norm(m, 2).ToDouble() <= 1 + 1e-12);
        }
    }

    [Fact]
    public void A_one_by_one_AOL_convolution_is_the_dense_AOL_layer_at_every_pixel()
    {
        manual_seed(2);
        using var conv = new AolConv2d(4, 3, 1, Activation.Identity, dtype: F64);
        using var dense = new AolLinear(4, 3, Activation.Identity, dtype: F64);
        using (no_grad())
        {
            dense.named_parameters().Single(p => p.name == "weight").parameter.copy_(conv.named_parameters().Single(p => p.name == "kernel").parameter.flatten(1));
        }

        using var rescaled = conv.RescaledKernel().flatten(1);
        using var expected = dense.Weight();

        Assert.True((rescaled - expected).abs().max().ToDouble() < 1e-15);
    }

    [Theory]
    [InlineData(3, 5, 1.0, 1.0)]
    [InlineData(3, 4, 1e-3, 5.0)]
    [InlineData(3, 4, 1e3, 40.0)]
    [InlineData(5, 3, 1.0, 1e6)]
    public void The_SLL_convolution_has_T_above_its_Gram_matrix_and_Jacobians_of_norm_at_most_one(int kernel, int size, double scale, double qSpread)
    {
        for (var seed = 0; seed < 3; seed++)
        {
            manual_seed(seed);
            using var layer = new SllConv2d(2, 3, kernel, dtype: F64);
            Randomise(layer, scale, qSpread);
            using var scope = NewDisposeScope();
            using var frozen = (FrozenSll)layer.Freeze(F64);
            var v = DenseMatrix(x => frozen.Into(x, frozen.Inner, null), 2, size);
            var u = DenseMatrix(s => frozen.Back(s, frozen.Outer), 3, size);

            // U = -2 V^T T^-1, so row p of U^T is -2 / T_p times row p of V: T recovered from the frozen maps.
            var inverseT = -(u.mT * v).sum(1) / (2 * v.square().sum(1));
            var nonzero = v.square().sum(1) > 0;
            var t = inverseT.index_select(0, nonzero.nonzero().squeeze(1)).reciprocal();
            var vv = v.index_select(0, nonzero.nonzero().squeeze(1));
            var gap = linalg.eigvalsh(diag(t) - vv.matmul(vv.mT)).min().ToDouble();
            Assert.True(gap >= -1e-10 * t.max().ToDouble(), $"seed {seed}: T - W^T W has eigenvalue {gap}");

            var identity = eye(v.shape[1], dtype: F64);
            using var generator = new Generator((ulong)seed);
            for (var pattern = 0; pattern < 64; pattern++)
            {
                var d = pattern == 0 ? ones(v.shape[0], dtype: F64) : (rand([v.shape[0]], dtype: F64, generator: generator) > 0.5).to_type(F64);
                var norm = linalg.matrix_norm(identity + (u * d).matmul(v), 2).ToDouble();
                Assert.True(norm <= 1 + 1e-10, $"seed {seed} pattern {pattern}: ||I + U D V|| = {norm}");
            }
        }
    }

    [Fact]
    public void A_zero_kernel_and_extreme_q_leave_the_SLL_convolution_finite()
    {
        using var layer = new SllConv2d(2, 3, 3, dtype: F64);
        using var x = randn(2, 2, 5, 5, dtype: F64);
        using (no_grad())
        {
            Parameter(layer, "kernel").zero_();
            Parameter(layer, "q").copy_(tensor(new[] { 1e-300, -1e300, 0.0 }, dtype: F64));
        }

        using var y = layer.call(x);

        Assert.Equal(0.0, (y - x).abs().max().ToDouble());
    }

    [Fact]
    public void Frozen_copies_compute_the_same_function_and_gradient_ascent_stays_below_the_bound()
    {
        manual_seed(5);
        using var network = new LipschitzSequential(
            [2, 6, 6], new LipschitzScale(2.0), new AolConv2d(2, 4, 3, Activation.ReLU, dtype: F64), new SllConv2d(4, 6, 3, Activation.ReLU, dtype: F64), new SllConv2d(4, 4, 5, Activation.Tanh, dtype: F64));
        NetworkFactory.Randomise(network, 1.0);
        network.eval();
        using var x = randn(3, 2, 6, 6, dtype: F64);
        using var y = network.call(x);
        using var frozen = network.Freeze();
        using var frozen32 = FrozenNetwork.From(network, ScalarType.Float32);

        var lower = EmpiricalLipschitz.LowerBound(network, [2, 6, 6], new EmpiricalLipschitzOptions(Restarts: 8, Steps: 60, LearningRate: 0.05, Low: -2, High: 2, Seed: 5));

        var (error64, error32) = ((frozen.call(x) - y).abs().max().ToDouble(), (frozen32.call(x.to_type(ScalarType.Float32)).to_type(F64) - y).abs().max().ToDouble());
        var magnitude = 1 + y.abs().max().ToDouble();
        Assert.True(error64 < 1e-12 * magnitude, $"float64 freeze off by {error64}");
        Assert.True(error32 < 1e-5 * magnitude, $"float32 freeze off by {error32} at magnitude {magnitude}");
        Assert.True(lower <= 2.0 * (1 + 1e-9) && lower > 0.2, $"empirical {lower}");
    }

    [Fact]
    public void Even_kernels_and_wrong_channels_are_refused_with_the_reason()
    {
        Assert.Contains("odd", Assert.Throws<ArgumentOutOfRangeException>(() => new AolConv2d(2, 2, 4)).Message, StringComparison.Ordinal);
        using var layer = new SllConv2d(3, 4);
        Assert.Contains("[batch, 3, height, width]", Assert.Throws<ArgumentException>(() => layer.call(zeros(1, 2, 4, 4))).Message, StringComparison.Ordinal);
    }

    // The matrix of a linear map of images with `channels` channels of size x size: column k is the image of basis vector k.
    private static Tensor DenseMatrix(Func<Tensor, Tensor> map, long channels, long size)
    {
        var n = channels * size * size;
        using var basis = eye(n, dtype: F64).reshape(n, channels, size, size);
        using var _ = no_grad();
        return map(basis).reshape(n, -1).mT.contiguous();
    }

    // q = +-exp(spread * N(0, 1)): both signs and, at large spreads, values far beyond the clamp [1e-12, 1e12] (0 and inf included).
    private static void Randomise(SllConv2d layer, double scale, double qSpread)
    {
        using var _ = no_grad();
        Parameter(layer, "kernel").copy_(randn_like(layer.Kernel) * scale);
        Parameter(layer, "q").copy_(randn_like(layer.Q).sign() * (randn_like(layer.Q) * qSpread).exp());
    }

    private static Tensor Parameter(nn.Module<Tensor, Tensor> layer, string name) => layer.named_parameters().Single(p => p.name == name).parameter;
}
