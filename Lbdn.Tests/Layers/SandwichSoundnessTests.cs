using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

/// <summary>The sandwich theorem checked exactly: the worst Jacobian over all activation patterns has norm at most 1.</summary>
public sealed class SandwichSoundnessTests
{
    public static TheoryData<long, long, double> Layers => new()
    {
        { 1, 1, 1.0 }, { 3, 5, 1.0 }, { 8, 4, 1.0 }, { 6, 10, 0.001 }, { 12, 12, 1.0 }, { 10, 12, 50.0 }, { 20, 9, 5.0 },
    };

    // max over D in {0,1}^n of ||2 A^T Psi D Psi^-1 B||_2, exact: the norm is convex in D, so the box maximum sits at a vertex.
    [Theory]
    [MemberData(nameof(Layers))]
    public void Every_activation_pattern_gives_a_Jacobian_of_norm_at_most_one(long inFeatures, long outFeatures, double scale)
    {
        for (var seed = 0; seed < 12; seed++)
        {
            manual_seed(seed);
            using var scope = NewDisposeScope();
            using var layer = new SandwichLayer(inFeatures, outFeatures, Activation.ReLU, dtype: ScalarType.Float64);
            using (no_grad())
            {
                foreach (var (name, parameter) in layer.named_parameters())
                {
                    parameter.copy_(randn_like(parameter) * (name == "psi" ? 3.0 : scale));
                }
            }

            layer.eval();
            var (a, b) = layer.Factors();
            var psi = layer.Psi();
            var patterns = ActivationPatterns.Vertices(outFeatures);
            var jacobians = 2 * a.mT.matmul((psi * patterns / psi).unsqueeze(-1) * b);
            var worst = linalg.svdvals(jacobians).max().ToDouble();
            Assert.True(worst <= 1 + 1e-6, $"seed {seed}: worst pattern norm {worst}");
        }
    }

    [Fact]
    public void With_identity_activation_the_layer_is_the_linear_map_2_A_transpose_B()
    {
        manual_seed(5);
        using var scope = NewDisposeScope();
        using var layer = new SandwichLayer(6, 4, Activation.Identity, dtype: ScalarType.Float64);
        layer.eval();
        var x = randn([9, 6], dtype: ScalarType.Float64);
        var (a, b) = layer.Factors();
        var psi = layer.Psi();

        // Identity: h = sqrt2 A^T Psi (sqrt2 Psi^-1 B x + b) = 2 A^T B x + sqrt2 A^T Psi b.
        var expected = x.matmul(2 * a.mT.matmul(b).mT) + (Math.Sqrt(2) * a.mT.matmul(psi * layer.Bias));
        Assert.True((layer.call(x) - expected).abs().max().ToDouble() < 1e-12);
    }
}
