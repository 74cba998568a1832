using Lbdn.Certification;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

public sealed class ConvolutionTests
{
    private const ScalarType F64 = ScalarType.Float64;

    [Theory]
    [InlineData(1, 1, 1, 4)]
    [InlineData(2, 3, 3, 6)]
    [InlineData(3, 2, 5, 8)]
    [InlineData(4, 4, 3, 8)]
    public void The_Fourier_product_equals_a_direct_circular_convolution(long inChannels, long outChannels, long k, long n)
    {
        for (var seed = 0; seed < 5; seed++)
        {
            manual_seed(seed);
            using var scope = NewDisposeScope();
            var kernel = randn([outChannels, inChannels, k, k], dtype: F64);
            var x = randn([3, inChannels, n, n], dtype: F64);
            var s = (k - 1) / 2;
            var direct = nn.functional.conv2d(nn.functional.pad(x, [s, s, s, s], PaddingModes.Circular), kernel);

            var viaFourier = Fourier.Apply(Fourier.KernelSpectrum(kernel, n), x);

            Assert.True((direct - viaFourier).abs().max().ToDouble() < 1e-10, $"seed {seed}");
        }
    }

    [Theory]
    [InlineData(2, 3, 6, 3, 1)]
    [InlineData(3, 2, 4, 3, 1)]
    [InlineData(1, 4, 8, 5, 2)]
    public void The_linear_sandwich_convolution_has_exact_operator_norm_at_most_one(long inChannels, long outChannels, long n, long k, long stride)
    {
        for (var seed = 0; seed < 6; seed++)
        {
            manual_seed(seed);
            using var scope = NewDisposeScope();
            using var layer = new SandwichConvLinear(inChannels, outChannels, n, k, stride, dtype: F64);
            NetworkFactory.Randomise(layer, seed % 2 == 0 ? 5.0 : 0.1);
            layer.eval();
            var matrix = DenseOperator(x => layer.call(x) - layer.call(zeros_like(x)), [inChannels, n, n]);
            var norm = linalg.svdvals(matrix)[0].ToDouble();
            Assert.True(norm <= 1 + 1e-9, $"seed {seed}: operator norm {norm}");
            var perFrequency = linalg.svdvals(layer.Matrices()).max().ToDouble();
            Assert.True(perFrequency <= 1 + 1e-9, $"seed {seed}: per-frequency norm {perFrequency}");
        }
    }

    [Theory]
    [InlineData(2, 4, 6, 3, 1, Activation.ReLU)]
    [InlineData(3, 2, 4, 3, 1, Activation.Tanh)]
    [InlineData(1, 3, 8, 3, 2, Activation.ClippedReLU)]
    public void Sandwich_convolution_Jacobians_have_norm_at_most_one_everywhere(long inChannels, long outChannels, long n, long k, long stride, Activation activation)
    {
        manual_seed(7);
        using var layer = new SandwichConv2d(inChannels, outChannels, n, k, stride, activation, dtype: F64);
        NetworkFactory.Randomise(layer, 1.0);
        layer.eval();
        for (var point = 0; point < 8; point++)
        {
            using var scope = NewDisposeScope();
            var x = randn([1, inChannels, n, n], dtype: F64) * 2;
            var jacobian = Jacobian(layer, x);
            var norm = linalg.svdvals(jacobian)[0].ToDouble();
            Assert.True(norm <= 1 + 1e-9, $"point {point}: Jacobian norm {norm}");
        }
    }

    [Fact]
    public void With_identity_activation_the_sandwich_convolution_is_a_contraction_per_frequency()
    {
        manual_seed(9);
        using var layer = new SandwichConv2d(3, 5, 6, 3, 1, Activation.Identity, dtype: F64);
        NetworkFactory.Randomise(layer, 2.0);
        layer.eval();
        var (a, b) = layer.Factors();

        // Identity: the linear part is 2 A(f)^H B(f) at every frequency (Psi cancels).
        var perFrequency = linalg.svdvals(2 * a.mH.matmul(b)).max().ToDouble();
        var dense = linalg.svdvals(DenseOperator(x => layer.call(x) - layer.call(zeros_like(x)), [3, 6, 6]))[0].ToDouble();

        Assert.True(perFrequency <= 1 + 1e-9);
        Assert.Equal(perFrequency, dense, 9);
    }

    [Fact]
    public void Orthogonal_convolutions_preserve_norms_when_they_do_not_narrow()
    {
        manual_seed(3);
        using var layer = new OrthogonalConv2d(2, 6, 8, 3, 1, Activation.Identity, dtype: F64);
        layer.eval();
        using var x = randn([4, 2, 8, 8], dtype: F64);
        using var y = layer.call(x) - layer.call(zeros_like(x));
        var ratio = y.flatten(1).norm(1) / x.flatten(1).norm(1);
        Assert.True((ratio - 1).abs().max().ToDouble() < 1e-10);
    }

    [Fact]
    [Integration]
    public void A_convolutional_network_never_exceeds_its_bound_under_gradient_ascent()
    {
        manual_seed(5);
        const double gamma = 3.0;
        using var network = new LipschitzSequential(
            [2, 8, 8],
            new LipschitzScale(Math.Sqrt(gamma)),
            new SandwichConv2d(2, 4, 8, 3, 1, Activation.ReLU, dtype: F64),
            new OrthogonalConv2d(4, 4, 8, 3, 2, Activation.MaxMin, dtype: F64),
            new SandwichConv2d(4, 4, 4, 3, 1, Activation.Tanh, dtype: F64),
            new AvgPool(2),
            new LipschitzScale(2),
            new Flatten(),
            new SandwichLayer(16, 8, dtype: F64),
            new SandwichLinear(8, 3, dtype: F64),
            new LipschitzScale(Math.Sqrt(gamma)));
        NetworkFactory.Randomise(network, 0.5);
        network.eval();
        Assert.Equal(gamma, network.LipschitzBound, 12);

        var lower = EmpiricalLipschitz.LowerBound(network, [2, 8, 8], new EmpiricalLipschitzOptions(Restarts: 16, Steps: 100, LearningRate: 0.05, Seed: 5));

        Assert.True(lower <= gamma * (1 + 1e-5), $"empirical {lower} > {gamma}");
        Assert.True(lower > 0, $"empirical {lower}");
    }

    [Fact]
    public void Frozen_convolutional_networks_equal_the_live_ones_in_float32()
    {
        manual_seed(6);
        using var network = new LipschitzSequential(
            [1, 8, 8],
            new LipschitzScale(1.5),
            new SandwichConv2d(1, 4, 8, 3, 1, Activation.ReLU),
            new SandwichConv2d(4, 8, 8, 3, 2, Activation.ClippedReLU),
            new OrthogonalConv2d(8, 8, 4, 3, 1, Activation.GroupSort),
            new SandwichConvLinear(8, 4, 4, 3, 1),
            new Flatten(),
            new SandwichLinear(64, 10),
            new LipschitzScale(1.5));
        NetworkFactory.Randomise(network, 0.5);
        network.eval();
        using var frozen = FrozenNetwork.From(network);
        using var x = rand(16, 1, 8, 8);
        using var live = network.call(x);
        using var fast = frozen.call(x);
        Assert.Equal([16L, 10], fast.shape);
        Assert.True((live - fast).abs().max().ToDouble() < 1e-5);

        // The outer factor of the strided sandwich layer and the orthogonal convolution fuse into one frequency product.
        Assert.Equal(5, frozen.Steps.Count(s => s is FrozenFourierConv));
        Assert.IsType<FrozenFourierConv>(frozen.Steps[0]);
    }

    [Fact]
    public void Odd_image_sizes_are_rejected_with_a_fix()
    {
        var error = Assert.Throws<ArgumentException>(() => new SandwichConv2d(1, 4, 7));
        Assert.Contains("even size, got 7 x 7", error.Message);
    }

    // The matrix of a linear map on [shape] inputs, column j = f(e_j).
    private static Tensor DenseOperator(Func<Tensor, Tensor> linear, long[] shape)
    {
        var size = shape.Aggregate(1L, (a, b) => a * b);
        var basis = eye(size, dtype: F64).reshape([size, .. shape]);
        return linear(basis).reshape(size, -1).mT;
    }

    // d f(x) / d x, rows = outputs, by one backward pass per output.
    private static Tensor Jacobian(nn.Module<Tensor, Tensor> f, Tensor x)
    {
        var input = x.clone().requires_grad_();
        var output = f.call(input).flatten();
        var rows = new List<Tensor>();
        for (var i = 0; i < output.shape[0]; i++)
        {
            var grad = autograd.grad([output[i]], [input], retain_graph: true)[0];
            rows.Add(grad.flatten());
        }

        return stack(rows);
    }
}
