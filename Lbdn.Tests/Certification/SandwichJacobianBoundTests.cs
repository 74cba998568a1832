using Lbdn.Certification;
using Lbdn.Layers;
using Lbdn.Tests.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary>
/// The sandwich Jacobian bound max over slope boxes of ||U S V|| against brute force over every vertex (SVD of each
/// Jacobian), exact with few unstable neurons, above the brute force with many, and below the product bound ||U P|| ||P V||.
/// </summary>
public sealed class SandwichJacobianBoundTests
{
    private const ScalarType F64 = ScalarType.Float64;

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 7)]
    [InlineData(2, 10)]
    public void With_few_unstable_neurons_the_bound_is_the_worst_vertex(int seed, int unstable)
    {
        var (outer, inner) = Layer(seed, 9, 16);
        using var bound = new SandwichJacobianBound(outer, inner);
        var bounds = Bounds(seed, 16, samples: 4, unstable);
        var computed = bound.Bound(bounds).data<double>().ToArray();
        for (var s = 0; s < computed.Length; s++)
        {
            var exact = WorstVertex(outer, inner, bounds, s);
            Assert.True(computed[s] >= exact, $"sample {s}: bound {computed[s]} below the worst vertex {exact}");
            Assert.True(computed[s] <= (exact * (1 + 1e-7)) + 1e-9, $"sample {s}: bound {computed[s]} above the worst vertex {exact}");
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void With_many_unstable_neurons_the_bound_stays_above_every_vertex_and_below_the_product_bound(int seed)
    {
        var (outer, inner) = Layer(seed, 9, 16);
        using var bound = new SandwichJacobianBound(outer, inner);
        var bounds = Bounds(seed, 16, samples: 4, unstable: 14);
        var computed = bound.Bound(bounds).data<double>().ToArray();
        var lower = bound.Lower(bounds).data<double>().ToArray();
        for (var s = 0; s < computed.Length; s++)
        {
            var exact = WorstVertex(outer, inner, bounds, s);
            var mask = bounds.Varying[s].to_type(F64);
            var product = linalg.matrix_norm(outer * mask, 2).ToDouble() * linalg.matrix_norm(inner * mask.unsqueeze(1), 2).ToDouble();
            Assert.True(computed[s] >= exact, $"sample {s}: bound {computed[s]} below the worst vertex {exact}");
            Assert.True(lower[s] <= exact * (1 + 1e-9), $"sample {s}: the lower estimate {lower[s]} exceeds the worst vertex {exact}");
            Assert.True(computed[s] < product, $"sample {s}: bound {computed[s]} not below the product bound {product}");
        }
    }

    // U = sqrt2 A^T Psi and V = sqrt2 Psi^-1 B of a randomised float64 sandwich layer inputs -> width.
    internal static (Tensor Outer, Tensor Inner) Layer(int seed, int inputs, int width)
    {
        manual_seed(seed);
        using var network = new LipschitzSequential([inputs], new SandwichLayer(inputs, width, Activation.ClippedReLU, dtype: F64), new SandwichLinear(width, 2, dtype: F64));
        NetworkFactory.Randomise(network, 1.0);
        var layer = (SandwichLayer)network.Stages[0];
        using var _ = no_grad();
        var (a, b) = layer.Factors();
        var psi = layer.Psi();
        return ((Math.Sqrt(2) * a.mT * psi.unsqueeze(0)).detach().clone(), (Math.Sqrt(2) * b / psi.unsqueeze(1)).detach().clone());
    }

    // Per sample: `unstable` neurons crossing 0 or theta = 1, a third of the rest linear, the others dead or saturated.
    internal static NeuronBounds Bounds(int seed, int width, int samples, int unstable)
    {
        using var generator = new Generator((ulong)(seed + 100));
        var lower = zeros([samples, width], dtype: F64);
        var upper = zeros([samples, width], dtype: F64);
        for (var s = 0; s < samples; s++)
        {
            var order = randperm(width, generator: generator).data<long>().ToArray();
            for (var i = 0; i < width; i++)
            {
                var j = order[i];
                var (l, u) = i < unstable ? (i % 2 == 0 ? (-0.5, 0.5) : (0.5, 1.5)) : (i % 3) switch
                {
                    0 => (0.2, 0.8),
                    1 => (-1.0, -0.1),
                    _ => (1.2, 2.0),
                };
                lower[s, j] = l;
                upper[s, j] = u;
            }
        }

        var theta = ones([width], dtype: F64);
        return new NeuronBounds(Activation.ClippedReLU, lower, upper, (upper > 0) & (lower < theta), theta);
    }

    // max over the vertex slopes of ||U S V||, by SVD.
    private static double WorstVertex(Tensor outer, Tensor inner, NeuronBounds bounds, int s)
    {
        using var scope = NewDisposeScope();
        var jacobians = (outer.unsqueeze(0) * VertexSlopes(bounds, s).unsqueeze(1)).matmul(inner);
        return linalg.svdvals(jacobians).max().ToDouble();
    }

    /// <summary>Every vertex of sample <paramref name="s"/>'s slope box (theta = 1): 1 on linear neurons, {0, 1} on unstable ones, 0 on constant ones.</summary>
    internal static Tensor VertexSlopes(NeuronBounds bounds, int s)
    {
        var linear = (bounds.Lower[s] >= 0) & (bounds.Upper[s] <= 1);
        var unstable = (bounds.Varying[s] & linear.logical_not()).nonzero().squeeze(1);
        var count = (int)unstable.numel();
        var slopes = linear.to_type(F64).unsqueeze(0).repeat(1L << count, 1);
        var codes = arange(1L << count, dtype: ScalarType.Int64).unsqueeze(1);
        var bits = pow(2, arange(count, dtype: ScalarType.Int64)).unsqueeze(0);
        return slopes.index_copy_(1, unstable, (codes.bitwise_and(bits) != 0).to_type(F64));
    }
}
