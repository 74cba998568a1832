using Lbdn.Interop;
using Lbdn.Layers;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lbdn.Tests.Interop;

public sealed class ReferenceImportTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("sandwich_fc")]
    [InlineData("sandwich_fc_wide")]
    [InlineData("sandwich_lin")]
    [InlineData("sandwich_lin_ab")]
    [InlineData("sandwich_conv_lin_k3")]
    [InlineData("orthogon_fc_square")]
    [InlineData("orthogon_fc_narrow")]
    [InlineData("orthogon_fc_wide")]
    [InlineData("orthogon_lin")]
    [InlineData("aol_fc")]
    [InlineData("aol_lin")]
    [InlineData("sandwich_conv_k3")]
    [InlineData("sandwich_conv_k3_s2")]
    [InlineData("sandwich_conv_k5_s2")]
    [InlineData("orthogon_conv_k3")]
    [InlineData("orthogon_conv_k3_s2")]
    [InlineData("orthogon_conv_k5_s2")]
    [InlineData("orthogon_conv_lin_k3")]
    [InlineData("orthogon_conv_wide_k3")]
    [InlineData("orthogon_conv_k5_s2_lazy")]
    [InlineData("sandwich_conv_k3_lazy")]
    [InlineData("sll_fc")]
    [InlineData("sll_conv_k3")]
    [InlineData("aol_conv_one_channel")]
    [InlineData("aol_fc_scale")]
    public void Imported_layer_reproduces_the_reference_output(string name)
    {
        using var layer = ReferenceFixtures.Layer(name);
        var import = ReferenceCheckpoint.Import(layer, ReferenceFixtures.Checkpoint(name));
        output.WriteLine($"{name}: max |Lbdn - reference| = {import.CheckDifference:G3}");

        Assert.NotNull(import.CheckDifference);
        Assert.True(import.CheckDifference <= 1e-12, $"{name}: max |Lbdn - reference| = {import.CheckDifference}");
        Assert.Empty(import.Differences);
        Assert.Null(import.ReferenceFormulaDifference);
    }

    [Fact]
    public void Every_reference_parameter_is_placed()
    {
        using var layer = ReferenceFixtures.Layer("sandwich_conv_k5_s2");
        var stateDict = ReferenceCheckpoint.Read(ReferenceFixtures.Checkpoint("sandwich_conv_k5_s2"));
        ReferenceCheckpoint.Import(layer, stateDict);

        var kernel = layer.named_parameters().Single(p => p.name == "kernel").parameter;
        var weight = stateDict["weight"];
        // The reference's 2 x 2 W2 taps sit at Lbdn's offsets {0, +1}: rows and columns 1..2 of the 3 x 3 kernel.
        Assert.Equal(0.0, kernel.narrow(1, 3, 8).narrow(2, 0, 1).abs().max().ToDouble());
        Assert.Equal(0.0, (kernel.narrow(1, 3, 8).narrow(2, 1, 2).narrow(3, 1, 2) - weight.narrow(1, 3, 8)).abs().max().ToDouble());
        Assert.Equal(stateDict["alpha"].ToDouble(), layer.named_parameters().Single(p => p.name == "alpha").parameter.ToDouble());
    }

    [Fact]
    public void Another_architecture_is_refused_naming_the_first_parameter_that_does_not_fit()
    {
        using var layer = new SandwichLayer(5, 6, Activation.ReLU, dtype: ScalarType.Float64);
        var error = Assert.Throws<ReferenceCheckpointException>(() => ReferenceCheckpoint.Import(layer, ReferenceFixtures.Checkpoint("sandwich_fc")));

        Assert.Contains("'weight' has shape [5, 11]", error.Message);
        Assert.Contains("SandwichFc(5, 6)", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_parameter_of_another_layer_kind_is_refused_by_name()
    {
        using var layer = new OrthogonalLinear(6, 5, Activation.ReLU, dtype: ScalarType.Float64);
        var error = Assert.Throws<ReferenceCheckpointException>(() => ReferenceCheckpoint.Import(layer, ReferenceFixtures.Checkpoint("sandwich_fc")));

        Assert.StartsWith("reference parameter 'weight' has shape [5, 11]", error.Message);
    }

    [Fact]
    public void A_network_without_the_reference_activation_is_refused()
    {
        using var layer = new OrthogonalLinear(7, 4, Activation.MaxMin, dtype: ScalarType.Float64);
        var error = Assert.Throws<ReferenceCheckpointException>(() => ReferenceCheckpoint.Import(layer, ReferenceFixtures.Checkpoint("orthogon_fc_narrow")));

        Assert.Contains("uses MaxMin", error.Message);
    }

    [Fact]
    public void A_wrong_activation_that_fits_every_shape_fails_the_check_batch()
    {
        using var layer = new OrthogonalLinear(6, 3, Activation.ReLU, dtype: ScalarType.Float64);
        var error = Assert.Throws<ReferenceCheckMismatchException>(() => ReferenceCheckpoint.Import(layer, ReferenceFixtures.Checkpoint("orthogon_lin")));

        Assert.Contains("differs from the reference output", error.Message);
    }

    [Fact]
    public void The_B_form_cannot_take_an_AB_checkpoint()
    {
        using var b = new SandwichLinear(6, 3, dtype: ScalarType.Float64);
        using var conv = new SandwichConvLinear(2, 3, 8, 3, 1, dtype: ScalarType.Float64);

        Assert.Throws<ReferenceCheckMismatchException>(() => ReferenceCheckpoint.Import(b, ReferenceFixtures.Checkpoint("sandwich_lin_ab")));
        var error = Assert.Throws<ReferenceCheckpointException>(() => ReferenceCheckpoint.Import(conv, ReferenceFixtures.Checkpoint("sandwich_conv_lin_k3")));
        Assert.Contains("declare Form = SandwichForm.AB", error.Message);
    }
}
