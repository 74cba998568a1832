using Lbdn.Certification;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary>The masked norm bounds against batched SVDs of the masked matrices.</summary>
public sealed class MaskedSpectralNormTests
{
    [Theory]
    [InlineData(7, 12)]
    [InlineData(12, 7)]
    public void Lower_estimate_exact_norm_and_cheap_bound_bracket_the_masked_singular_value(int rows, int columns)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var weight = randn([rows, columns], dtype: ScalarType.Float64, generator: generator);
        using var norm = new MaskedSpectralNorm(weight);

        // Random masks, all-ones masks, and repeated masks sharing one solve.
        var outputs = (rand([16, rows], dtype: ScalarType.Float64, generator: generator) < 0.6).to_type(ScalarType.Float64);
        var inputs = (rand([16, columns], dtype: ScalarType.Float64, generator: generator) < 0.6).to_type(ScalarType.Float64);
        (outputs[0], inputs[0], outputs[1], inputs[1]) = (ones(rows, dtype: ScalarType.Float64), ones(columns, dtype: ScalarType.Float64), outputs[2], inputs[2]);
        var truth = linalg.svdvals(outputs.unsqueeze(2) * weight * inputs.unsqueeze(1))[.., 0];

        var exact = norm.Norm(outputs, inputs);
        var upper = norm.Bound(NormBound.Upper, outputs, inputs);
        var lower = norm.Bound(NormBound.Lower, outputs, inputs);
        Assert.True((exact >= truth).all().ToBoolean());
        Assert.True((exact <= truth * (1 + 1e-8) + 1e-12).all().ToBoolean());
        Assert.True((upper >= truth).all().ToBoolean());
        Assert.True((lower <= truth * (1 + 1e-12)).all().ToBoolean());
        Assert.Equal(exact[1].ToDouble(), exact[2].ToDouble());
    }
}
