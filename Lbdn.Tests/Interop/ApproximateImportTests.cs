using Lbdn.Interop;
using Lbdn.Layers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lbdn.Tests.Interop;

/// <summary>
/// Reference layers whose formula differs from Lbdn's proven one (AolConv / AolConvLin rescale output channels; SLLBlockFc
/// with its default epsilon = 1e-6): the import places every parameter, verifies the placement with the reference's own
/// formula to 1e-12, and reports in one line per stage what differs and by how much Lbdn's layer deviates.
/// </summary>
public sealed class ApproximateImportTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("aol_conv_k3", "AolConv(2, 3, 3)")]
    [InlineData("aol_conv_lin_k3", "AolConvLin(2, 3, 3)")]
    [InlineData("aol_conv_k3_nonneg", "AolConv(2, 3, 3)")]
    [InlineData("sll_fc_default_epsilon", "SLLBlockFc(5, 7, epsilon=0)")]
    public void The_placement_is_verified_with_the_reference_formula_and_the_deviation_reported(string name, string call)
    {
        using var layer = ReferenceFixtures.Layer(name);
        var import = ReferenceCheckpoint.Import(layer, ReferenceFixtures.Checkpoint(name));
        output.WriteLine($"{name}: {import.Differences[0]} (whole layer {import.CheckDifference:G3}; reference formula {import.ReferenceFormulaDifference:G3})");

        Assert.True(import.ReferenceFormulaDifference <= 1e-12, $"{name}: reference formula off by {import.ReferenceFormulaDifference}");
        Assert.True(import.CheckDifference > 1e-9, $"{name}: Lbdn's layer was expected to differ, by {import.CheckDifference}");
        var line = Assert.Single(import.Differences);
        Assert.DoesNotContain('\n', line);
        Assert.Contains(call, line);
        Assert.Contains("max |Lbdn - reference| of this stage on the check batch = ", line);
    }

    [Theory]
    [InlineData("aol_conv_k3")]
    [InlineData("aol_conv_k3_nonneg")]
    public void The_AOL_convolutions_differ_at_interior_pixels_too_since_they_rescale_other_channels(string name)
    {
        using var layer = ReferenceFixtures.Layer(name);
        ReferenceCheckpoint.Import(layer, ReferenceFixtures.Checkpoint(name));
        var batch = ReferenceCheckpoint.Read(Path.ChangeExtension(ReferenceFixtures.Checkpoint(name), ".check.pth"));
        using var _ = no_grad();
        layer.eval();

        using var deviation = (layer.call(batch["input"]) - batch["output"]).abs();
        var interior = deviation.narrow(2, 1, 6).narrow(3, 1, 6).max().ToDouble();
        var all = deviation.max().ToDouble();
        output.WriteLine($"{name}: max deviation {all:G3}, interior pixels {interior:G3}");

        Assert.True(interior > 1e-3 && interior >= 0.25 * all, $"{name}: interior {interior}, all {all}");
    }

    [Fact]
    public void A_wrong_checkpoint_still_fails_when_even_the_reference_formula_does_not_reproduce_it()
    {
        using var layer = new AolConv2d(2, 3, 3, Activation.Identity, dtype: ScalarType.Float64);

        var error = Assert.Throws<ReferenceCheckMismatchException>(() => ReferenceCheckpoint.Import(layer, ReferenceFixtures.Checkpoint("aol_conv_k3")));

        Assert.Contains("with the reference's own formulas", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("sll_fc", "SllLinear", "reference parameter 'weights' has shape [7, 5] but stage 'SllLinear' needs SLLBlockFc(5, 6, epsilon=0), whose 'weights' is [6, 5]")]
    [InlineData("aol_fc", "SllLinear", "the checkpoint lacks 'q' [5]")]
    [InlineData("aol_conv_k3", "AolConv2d", "reference parameter 'kernel' has shape [3, 2, 3, 3] but stage 'AolConv2d' needs AolConv(2, 3, 5)")]
    [InlineData("aol_conv_k3", "SllConv2d", "reference parameter 'kernel' has shape [3, 2, 3, 3] but stage 'SllConv2d' needs SLLBlockConv(3, 4, 3)")]
    [InlineData("sll_conv_k3", "AolConv2d", "reference parameter 'kernel' has shape [4, 3, 3, 3] but stage 'AolConv2d' needs AolConv(2, 3, 5)")]
    public void Another_architecture_is_refused_naming_the_first_parameter_that_does_not_fit(string fixture, string kind, string expected)
    {
        using nn.Module<Tensor, Tensor> layer = kind switch
        {
            "SllLinear" when fixture == "aol_fc" => new SllLinear(6, 5, dtype: ScalarType.Float64),
            "SllLinear" => new SllLinear(5, 6, dtype: ScalarType.Float64),
            "AolConv2d" => new AolConv2d(2, 3, 5, dtype: ScalarType.Float64),
            _ => new SllConv2d(3, 4, 3, dtype: ScalarType.Float64),
        };

        var error = Assert.Throws<ReferenceCheckpointException>(() => ReferenceCheckpoint.Import(layer, ReferenceFixtures.Checkpoint(fixture)));

        Assert.StartsWith(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Layers_the_reference_cannot_express_are_refused_in_one_line()
    {
        using var wideKernel = new SllConv2d(3, 4, 5, dtype: ScalarType.Float64);
        using var tanh = new SllLinear(5, 7, Activation.Tanh, dtype: ScalarType.Float64);
        using var bare = new AolConv2d(2, 3, 3, dtype: ScalarType.Float64);

        Assert.Contains("declare Kernel = 3", Assert.Throws<ReferenceCheckpointException>(() => ReferenceExport.StateDict(wideKernel)).Message);
        Assert.Contains("applies ReLU", Assert.Throws<ReferenceCheckpointException>(() => ReferenceExport.StateDict(tanh)).Message);
        Assert.Contains("inside a LipschitzSequential", Assert.Throws<ReferenceCheckpointException>(() => ReferenceExport.Write(bare, Path.Combine(Path.GetTempPath(), "lbdn-never-written.safetensors"))).Message);
    }
}
