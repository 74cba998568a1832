using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

public sealed class CayleyTests
{
    public static TheoryData<long[], ScalarType, double> Shapes => new()
    {
        { [5, 12], ScalarType.Float32, 1e-5 },
        { [12, 12], ScalarType.Float32, 1e-5 },
        { [7, 7], ScalarType.Float64, 1e-10 },
        { [16, 40], ScalarType.Float64, 1e-10 },
        { [3, 4, 9], ScalarType.Float32, 1e-5 },
        { [2, 3, 6, 10], ScalarType.Float64, 1e-10 },
        { [64, 200], ScalarType.Float32, 1e-5 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_and_B_have_orthonormal_rows_together(long[] shape, ScalarType dtype, double tolerance)
    {
        for (var seed = 0; seed < 10; seed++)
        {
            manual_seed(seed);
            using var scope = NewDisposeScope();
            var weight = randn(shape, dtype: dtype) * (seed % 3 == 0 ? 10.0 : 0.5);
            var (a, b) = Cayley.Transform(weight);
            var m = shape[^2];
            var gram = a.matmul(a.mT) + b.matmul(b.mT);
            var error = (gram - eye(m, dtype: dtype)).abs().max().ToDouble();
            Assert.True(error < tolerance, $"seed {seed}: |A A^T + B B^T - I| = {error}");
        }
    }

    [Fact]
    public void Complex_batches_give_unitary_factors_per_frequency()
    {
        manual_seed(3);
        using var scope = NewDisposeScope();
        var weight = complex(randn([10, 4, 9], dtype: ScalarType.Float64), randn([10, 4, 9], dtype: ScalarType.Float64));
        var (a, b) = Cayley.Transform(weight);
        var gram = a.matmul(a.mH) + b.matmul(b.mH);
        var error = (gram - eye(4, dtype: ScalarType.ComplexFloat64)).abs().max().ToDouble();
        Assert.True(error < 1e-10, $"|A A^H + B B^H - I| = {error}");
    }

    [Fact]
    public void The_transform_is_differentiable_and_matches_finite_differences()
    {
        manual_seed(11);
        using var scope = NewDisposeScope();
        var weight = randn([3, 7], dtype: ScalarType.Float64).requires_grad_();
        var probe = randn([3, 7], dtype: ScalarType.Float64);
        Tensor Objective(Tensor w)
        {
            var (a, b) = Cayley.Transform(w);
            return (cat([a, b], 1) * probe).sum();
        }

        Objective(weight).backward();
        var analytic = weight.grad!.clone();
        using var _ = no_grad();
        const double h = 1e-6;
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 7; j++)
            {
                var plus = weight.detach().clone();
                var minus = weight.detach().clone();
                plus[i, j] += h;
                minus[i, j] -= h;
                var numeric = (Objective(plus) - Objective(minus)).ToDouble() / (2 * h);
                Assert.Equal(numeric, analytic[i, j].ToDouble(), 1e-6);
            }
        }
    }

    [Fact]
    public void A_tall_matrix_is_rejected_with_its_shape()
    {
        using var weight = zeros(5, 3);
        var error = Assert.Throws<ArgumentException>(() => Cayley.Transform(weight));
        Assert.Contains("[5, 3]", error.Message);
    }
}
