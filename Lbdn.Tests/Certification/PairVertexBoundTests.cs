using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary>
/// The per-pair bound through the last sandwich layer, max over slope boxes of ||(w_y - w_i)^T U S V||, against brute force
/// over every vertex: exact with few unstable neurons, above every vertex with many (midpoint rule on the rest), and never
/// below the value at the centre of the box, the lower estimate that screens samples.
/// </summary>
public sealed class PairVertexBoundTests
{
    private const ScalarType F64 = ScalarType.Float64;
    private const int Classes = 4;

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 3)]
    [InlineData(2, 7)]
    [InlineData(3, 10)]
    public void With_few_unstable_neurons_the_bound_is_the_worst_vertex_of_each_pair(int seed, int unstable)
    {
        var (outer, inner) = SandwichJacobianBoundTests.Layer(seed, 9, 16);
        var weight = LastWeight(seed, outer.shape[0]);
        using var bound = new PairVertexBound(weight, outer, inner);
        var bounds = SandwichJacobianBoundTests.Bounds(seed, 16, samples: 5, unstable);
        var predicted = arange(5) % Classes;
        var computed = bound.Bound(bounds, predicted);
        var centre = bound.Lower(bounds, predicted);
        for (var s = 0; s < 5; s++)
        {
            for (var i = 0; i < Classes; i++)
            {
                var exact = WorstVertex(weight, outer, inner, bounds, s, predicted[s].ToInt64(), i);
                var value = computed[s, i].ToDouble();
                Assert.True(value >= exact, $"sample {s} class {i}: bound {value} below the worst vertex {exact}");
                Assert.True(value <= (exact * (1 + 1e-7)) + 1e-9, $"sample {s} class {i}: bound {value} above the worst vertex {exact}");
                Assert.True(centre[s, i].ToDouble() <= value, $"sample {s} class {i}: the centre value {centre[s, i].ToDouble()} above the bound {value}");
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void With_many_unstable_neurons_the_bound_stays_above_every_vertex(int seed)
    {
        var (outer, inner) = SandwichJacobianBoundTests.Layer(seed, 9, 16);
        var weight = LastWeight(seed, outer.shape[0]);
        using var bound = new PairVertexBound(weight, outer, inner);
        var bounds = SandwichJacobianBoundTests.Bounds(seed, 16, samples: 3, unstable: 14);
        var predicted = arange(3) % Classes;
        var computed = bound.Bound(bounds, predicted);
        for (var s = 0; s < 3; s++)
        {
            for (var i = 0; i < Classes; i++)
            {
                var exact = WorstVertex(weight, outer, inner, bounds, s, predicted[s].ToInt64(), i);
                Assert.True(computed[s, i].ToDouble() >= exact, $"sample {s} class {i}: bound {computed[s, i].ToDouble()} below the worst vertex {exact}");
            }
        }

        Assert.Equal(0.0, computed.gather(1, predicted.unsqueeze(1)).abs().max().ToDouble());
    }

    [Fact]
    public void A_pair_direction_the_varying_neurons_barely_carry_gets_a_bound_far_below_the_layer_bound()
    {
        // Two neurons; only the second varies, and w_0 - w_1 reads the output mostly through the first.
        var outer = tensor(new double[] { 1, 0.01, 0, 1 }, [2, 2], dtype: F64);
        var inner = eye(2, dtype: F64);
        var weight = tensor(new double[] { 1, 0, 0, 0 }, [2, 2], dtype: F64);
        using var bound = new PairVertexBound(weight, outer, inner);
        var bounds = new NeuronBounds(Activation.ReLU, tensor(new double[] { -2, -1 }, [1, 2], dtype: F64), tensor(new double[] { -1, 1 }, [1, 2], dtype: F64), tensor(new[] { false, true }, [1, 2]));
        var value = bound.Bound(bounds, tensor(new long[] { 0 }))[0, 1].ToDouble();
        Assert.InRange(value, 0.01, 0.01 * (1 + 1e-7) + 1e-9);
    }

    private static Tensor LastWeight(int seed, long width)
    {
        using var generator = new Generator((ulong)(seed + 300));
        return randn([Classes, width], dtype: F64, generator: generator);
    }

    // max over the vertex slopes S of ||(w_y - w_i)^T U S V||.
    private static double WorstVertex(Tensor weight, Tensor outer, Tensor inner, NeuronBounds bounds, int s, long y, int i)
    {
        using var scope = NewDisposeScope();
        var row = (weight[y] - weight[i]).matmul(outer);
        return (row.unsqueeze(0) * SandwichJacobianBoundTests.VertexSlopes(bounds, s)).matmul(inner).norm(1).max().ToDouble();
    }
}
