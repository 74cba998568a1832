using Lbdn.Layers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

/// <summary>Freeze(precision): transforms evaluated in the chosen precision from the parameters converted exactly.</summary>
public sealed class PrecisionFreezeTests(ITestOutputHelper output)
{
    private const ScalarType F32 = ScalarType.Float32;
    private const ScalarType F64 = ScalarType.Float64;

    // 0 is the default initialisation; from about 100 on, float32 Cayley factors are visibly inexact (defects near 1e-5).
    private static readonly double[] Scales = [0, 0.1, 1, 10, 100, 300];

    public static TheoryData<string, double> CayleyCases => Cases(FreezableCatalog.CayleyKinds, Scales);

    // Where float32 Cayley factors are accurate, so the float32 live function is itself accurate to about 1e-6.
    public static TheoryData<string, double> FunctionCases =>
        Cases([.. FreezableCatalog.CayleyKinds, .. FreezableCatalog.OtherKinds], [0, 0.1, 1, 10]);

    public static TheoryData<string> Kinds => [.. FreezableCatalog.CayleyKinds, .. FreezableCatalog.OtherKinds];

    [Theory]
    [MemberData(nameof(CayleyCases))]
    public void Float64_freezes_of_float32_layers_have_exact_Cayley_factors_where_float32_freezes_do_not(string kind, double scale)
    {
        var (worst64, best32, worst32) = (0.0, double.MaxValue, 0.0);
        for (var seed = 0; seed < 4; seed++)
        {
            var (layer, _) = FreezableCatalog.Build(kind, seed, scale);
            using var _ = layer;
            using var scope = NewDisposeScope();
            using var frozen64 = ((IFreezable)layer).Freeze(F64);
            using var frozen32 = ((IFreezable)layer).Freeze(F32);

            worst64 = Math.Max(worst64, CayleyFactorsOf.Defect(CayleyFactorsOf.Wide(frozen64, layer, F64)));
            var defect32 = CayleyFactorsOf.Defect(CayleyFactorsOf.Wide(frozen32, layer, F32));
            (best32, worst32) = (Math.Min(best32, defect32), Math.Max(worst32, defect32));
        }

        output.WriteLine($"{kind} at scale {scale}: ||A A^H + B B^H - I|| float64 freeze <= {worst64:E1}, float32 freeze in [{best32:E1}, {worst32:E1}]");
        Assert.True(worst64 <= 1e-12, $"float64 freeze defect {worst64}");
        Assert.True(best32 > 1e-12, $"float32 freeze defect {best32}: the check does not discriminate");
    }

    [Theory]
    [MemberData(nameof(FunctionCases))]
    public void Float64_freezes_hold_float64_weights_and_compute_the_float32_live_function(string kind, double scale)
    {
        for (var seed = 0; seed < 3; seed++)
        {
            var (layer, shape) = FreezableCatalog.Build(kind, seed, scale);
            using var _ = layer;
            using var scope = NewDisposeScope();
            using var frozen = ((IFreezable)layer).Freeze(F64);
            var x = FreezableCatalog.Inputs(shape, seed);

            var difference = (frozen.call(x.to_type(F64)) - layer.call(x).to_type(F64)).abs().max().ToDouble();

            Assert.Empty(frozen.parameters());
            Assert.All(frozen.buffers(), weight => Assert.Contains(weight.dtype, new[] { F64, ScalarType.ComplexFloat64 }));
            Assert.True(difference <= 1e-5, $"seed {seed}: max difference {difference}");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Freeze_without_a_precision_is_the_freeze_in_the_layers_own_precision(string kind)
    {
        var (layer, shape) = FreezableCatalog.Build(kind, 3, 1.0);
        using var _ = layer;
        using var scope = NewDisposeScope();
        using var own = ((IFreezable)layer).Freeze();
        using var single = ((IFreezable)layer).Freeze(F32);
        var x = FreezableCatalog.Inputs(shape, 4);

        Assert.All(own.buffers(), weight => Assert.Contains(weight.dtype, new[] { F32, ScalarType.ComplexFloat32 }));
        Assert.Equal(0.0, (own.call(x) - single.call(x)).abs().max().ToDouble());
    }

    [Theory]
    [InlineData("sandwich-linear")]
    [InlineData("sandwich-conv-linear-stride2")]
    public void Output_layers_freeze_to_the_float64_Cayley_factor_of_their_parameters(string kind)
    {
        for (var seed = 0; seed < 4; seed++)
        {
            foreach (var scale in Scales)
            {
                var (layer, _) = FreezableCatalog.Build(kind, seed, scale);
                using var _ = layer;
                using var scope = NewDisposeScope();
                var reference = ReferenceB(layer);
                using var frozen64 = ((IFreezable)layer).Freeze(F64);
                using var frozen32 = ((IFreezable)layer).Freeze(F32);

                var error64 = (OutputMatrix(frozen64) - reference).abs().max().ToDouble();
                var error32 = (OutputMatrix(frozen32) - reference).abs().max().ToDouble();

                Assert.True(error64 <= 1e-12, $"seed {seed}, scale {scale}: float64 freeze off by {error64}");
                Assert.True(error32 > 1e-12, $"seed {seed}, scale {scale}: float32 freeze off by only {error32}");
            }
        }
    }

    [Theory]
    [InlineData(0.7, 1.0)]
    [InlineData(0.7, 10.0)]
    [InlineData(2.5, 100.0)]
    public void The_dense_spectral_cap_is_exact_in_the_chosen_precision(double maxNorm, double scale)
    {
        for (var seed = 0; seed < 6; seed++)
        {
            manual_seed(seed);
            using var layer = new DenseLayer(12, 9, maxNorm, Activation.Identity);
            NetworkFactory.Randomise(layer, scale);
            using var scope = NewDisposeScope();
            using var frozen64 = layer.Freeze(F64);
            using var frozen32 = layer.Freeze(F32);

            var norm64 = SpectralNorm(frozen64);
            var norm32 = SpectralNorm(frozen32);

            Assert.True(Math.Abs(norm64 - maxNorm) <= 1e-14 * maxNorm, $"seed {seed}: float64 capped norm {norm64}");
            Assert.True(Math.Abs(norm32 - maxNorm) <= 1e-6 * maxNorm, $"seed {seed}: float32 capped norm {norm32}");
            Assert.True(Math.Abs(norm32 - maxNorm) > 1e-14 * maxNorm, $"seed {seed}: float32 capped norm {norm32} is float64-exact");
        }
    }

    [Theory]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.ComplexFloat64)]
    public void Freezing_in_a_precision_other_than_float32_or_float64_is_rejected(ScalarType precision)
    {
        foreach (var kind in FreezableCatalog.CayleyKinds.Concat(FreezableCatalog.OtherKinds))
        {
            var (layer, _) = FreezableCatalog.Build(kind, 0, 0);
            using var _ = layer;
            var error = Assert.Throws<ArgumentException>(() => ((IFreezable)layer).Freeze(precision));
            Assert.Contains(precision.ToString(), error.Message, StringComparison.Ordinal);
        }
    }

    private static TheoryData<string, double> Cases(IEnumerable<string> kinds, double[] scales)
    {
        var data = new TheoryData<string, double>();
        foreach (var kind in kinds)
        {
            foreach (var scale in scales)
            {
                data.Add(kind, scale);
            }
        }

        return data;
    }

    // B of Cayley(alpha W / ||W||_F), evaluated in float64 from the float64 parameters (W the kernel spectrum for convolutions).
    private static Tensor ReferenceB(nn.Module<Tensor, Tensor> layer)
    {
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to_type(F64));
        var weight = layer is SandwichConvLinear conv
            ? Fourier.KernelSpectrum(parameters["kernel"], conv.OutputSize)
            : parameters["weight"];
        return Cayley.Transform(parameters["alpha"] * weight / weight.abs().square().sum().sqrt()).B;
    }

    private static Tensor OutputMatrix(nn.Module<Tensor, Tensor> frozen)
    {
        var step = frozen is FrozenSequence sequence ? sequence.Steps[^1] : frozen;
        return step is FrozenFourierConv conv ? conv.Matrices.to_type(ScalarType.ComplexFloat64) : ((FrozenLinear)step).Weight.to_type(F64);
    }

    private static double SpectralNorm(nn.Module<Tensor, Tensor> frozen) =>
        linalg.svdvals(((FrozenLinear)((FrozenSequence)frozen).Steps[0]).Weight.to_type(F64))[0].ToDouble();
}
