using Lbdn.Generators.Diagnostics;
using Lbdn.Tests.Generators.Infrastructure;

namespace Lbdn.Tests.Generators;

/// <summary>Each LBDN rule, reported on the offending argument, and silence on valid declarations.</summary>
public sealed class AnalyzerTests
{
    [Fact]
    public async Task Valid_networks_have_no_diagnostics()
    {
        foreach (var source in GeneratedSourceTests.Networks.Select(row => (string)row[1]))
        {
            await AnalyzerVerifier.VerifyAsync(source);
        }
    }

    [Fact]
    public async Task LBDN001_class_not_partial()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;

            [{|LBDN001:LipschitzNet(1.0)|}]
            [Input(4)]
            [Sandwich(4)]
            public class Net;
            """);
    }

    [Fact]
    public async Task LBDN001_containing_type_not_partial()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;

            public class Outer
            {
                [{|LBDN001:LipschitzNet(1.0)|}]
                [Input(4)]
                [Sandwich(4)]
                public partial class Net;
            }
            """);
    }

    [Theory]
    [InlineData("public static partial class Net { }")]
    [InlineData("public partial record Net;")]
    [InlineData("public partial class Net : System.Exception;")]
    public async Task LBDN001_class_that_cannot_derive_from_the_module(string declaration)
    {
        await AnalyzerVerifier.VerifyAsync($$"""
            using Lbdn;

            [{|LBDN001:LipschitzNet(1.0)|}]
            [Input(4)]
            [Sandwich(4)]
            {{declaration}}
            """);
    }

    [Theory]
    [InlineData("0.0")]
    [InlineData("-1.0")]
    [InlineData("double.PositiveInfinity")]
    [InlineData("double.NaN")]
    public async Task LBDN002_gamma_not_positive_and_finite(string gamma)
    {
        await AnalyzerVerifier.VerifyAsync($$"""
            using Lbdn;

            [LipschitzNet({|LBDN002:gamma: {{gamma}}|})]
            [Input(4)]
            [Sandwich(4)]
            public partial class Net;
            """);
    }

    [Fact]
    public async Task LBDN003_product_exceeds_gamma_without_autoscale_and_shows_the_product()
    {
        await AnalyzerVerifier.VerifyAsync(
            """
            using Lbdn;

            [LipschitzNet({|#0:1.0|}, AutoScale = false)]
            [Input(4)]
            [Sandwich(4)]
            [Scale(2)]
            [SandwichLinear(2)]
            public partial class Net;
            """,
            AnalyzerVerifier.Diagnostic(DiagnosticDescriptors.BoundExceedsGamma).WithLocation(0).WithArguments("1 x 2 x 1 = 2", "1"));
    }

    [Fact]
    public async Task Product_within_gamma_without_autoscale_is_valid()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;

            [LipschitzNet(2.0, AutoScale = false)]
            [Input(1, 4, 4)]
            [AvgPool(2)]
            [Flatten]
            [Scale(4)]
            [Dense(2, MaxNorm = 1.0)]
            public partial class Net;
            """);
    }

    [Fact]
    public async Task LBDN004_user_module_without_bound()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;
            using TorchSharp;
            using static TorchSharp.torch;

            public sealed class Mystery() : nn.Module<Tensor, Tensor>("mystery")
            {
                public override Tensor forward(Tensor input) => input;
            }

            [LipschitzNet(1.0)]
            [Input(4)]
            [Layer({|LBDN004:typeof(Mystery)|})]
            public partial class Net;
            """);
    }

    [Fact]
    public async Task LBDN004_user_type_that_is_not_a_module()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;

            [LipschitzBound(1.0)]
            public sealed class NotAModule;

            [LipschitzNet(1.0)]
            [Input(4)]
            [Layer({|LBDN004:typeof(NotAModule)|})]
            public partial class Net;
            """);
    }

    [Fact]
    public async Task LBDN004_unknown_layer_attribute()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;

            public sealed class MysteryAttribute : LipschitzLayerAttribute;

            [LipschitzNet(1.0)]
            [Input(4)]
            [{|LBDN004:Mystery|}]
            public partial class Net;
            """);
    }

    [Theory]
    [InlineData("Scale({|LBDN004:0.0|})")]
    [InlineData("Dense(4, {|LBDN004:MaxNorm = -1.0|})")]
    public async Task LBDN004_non_positive_layer_bound(string layer)
    {
        await AnalyzerVerifier.VerifyAsync($$"""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [{{layer}}]
            public partial class Net;
            """);
    }

    [Fact]
    public async Task LBDN005_convolution_after_flatten_shows_the_inferred_shape()
    {
        await AnalyzerVerifier.VerifyAsync(
            """
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(1, 28, 28)]
            [Flatten]
            [{|#0:SandwichConv(8)|}]
            public partial class Net;
            """,
            AnalyzerVerifier.Diagnostic(DiagnosticDescriptors.ShapeMismatch).WithLocation(0).WithArguments(
                "layer 2 ([SandwichConv])",
                "[784]",
                "a convolution needs an image (channels, height, width); an earlier [Flatten], dense layer or [Layer] turned the image into a vector; move this layer before it"));
    }

    [Theory]
    [InlineData("[Input(1, 28, 28)]", "[{|LBDN005:Sandwich(10)|}]")]
    [InlineData("[Input(1, 27, 27)]", "[{|LBDN005:SandwichConv(8)|}]")]
    [InlineData("[Input(1, 28, 14)]", "[{|LBDN005:SandwichConv(8)|}]")]
    [InlineData("[Input(1, 12, 12)]", "[OrthogonalConv(8, Stride = 2)][OrthogonalConv(8, Stride = 2)][{|LBDN005:OrthogonalConv(8)|}]")]
    [InlineData("[Input(1, 4, 4)]", "[SandwichConv(8, {|LBDN005:Kernel = 5|})]")]
    [InlineData("[Input(1, 8, 8)]", "[SandwichConv(8, Kernel = 7, Stride = 2)][SandwichConv(8, {|LBDN005:Kernel = 5|}, Stride = 2)]")]
    [InlineData("[Input(1, 28, 28)]", "[SandwichConv(8, {|LBDN005:Kernel = 4|})]")]
    [InlineData("[Input(1, 28, 28)]", "[SandwichConv(8, {|LBDN005:Stride = 3|})]")]
    [InlineData("[Input(4)]", "[Sandwich({|LBDN005:0|})]")]
    [InlineData("[Input(4)]", "[SandwichLinear({|LBDN005:-3|})]")]
    [InlineData("[{|LBDN005:Input(0)|}]", "[Sandwich(4)]")]
    [InlineData("[Input(1, 6, 6)]", "[AvgPool({|LBDN005:4|})]")]
    [InlineData("[Input(36)]", "[{|LBDN005:AvgPool(2)|}]")]
    [InlineData("[Input(1, 28, 28)]", "[{|LBDN005:Sll(10)|}]")]
    [InlineData("[Input(4)]", "[Sll({|LBDN005:0|})]")]
    [InlineData("[Input(16)]", "[{|LBDN005:SllConv(4)|}]")]
    [InlineData("[Input(1, 5, 7)]", "[AolConv(4, {|LBDN005:Kernel = 2|})]")]
    public async Task LBDN005_shape_mismatch(string input, string layers)
    {
        await AnalyzerVerifier.VerifyAsync($$"""
            using Lbdn;

            [LipschitzNet(1.0)]
            {{input}}
            {{layers}}
            public partial class Net;
            """);
    }

    [Fact]
    public async Task LBDN004_sandwich_form_that_is_not_a_member()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [SandwichLinear(3, {|LBDN004:Form = (SandwichForm)7|})]
            public partial class Net;
            """);
    }

    [Theory]
    [InlineData("Sandwich(4, {|LBDN006:Activation = Activation.MaxMin|})")]
    [InlineData("SandwichConv(4, {|LBDN006:Activation = Activation.GroupSort|})")]
    [InlineData("Dense(4, {|LBDN006:Activation = (Activation)42|})")]
    [InlineData("{|LBDN006:Orthogonal(3)|}")]
    [InlineData("Aol(3, {|LBDN006:Activation = Activation.MaxMin|})")]
    [InlineData("Sll(4, {|LBDN006:Activation = Activation.MaxMin|})")]
    [InlineData("SllConv(4, {|LBDN006:Activation = Activation.GroupSort|})")]
    [InlineData("Orthogonal(6, {|LBDN006:Activation = Activation.GroupSort|})")]
    public async Task LBDN006_activation_not_allowed(string layer)
    {
        var input = layer.Contains("Conv") ? "[Input(1, 8, 8)]" : "[Input(4)]";
        await AnalyzerVerifier.VerifyAsync($$"""
            using Lbdn;

            [LipschitzNet(1.0)]
            {{input}}
            [{{layer}}]
            public partial class Net;
            """);
    }

    [Fact]
    public async Task MaxMin_and_GroupSort_are_allowed_in_orthogonal_layers()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(2, 8, 8)]
            [OrthogonalConv(4, Activation = Activation.GroupSort)]
            [Flatten]
            [Orthogonal(8, Activation = Activation.MaxMin)]
            public partial class Net;
            """);
    }

    [Fact]
    public async Task LBDN007_missing_input()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;

            [{|LBDN007:LipschitzNet(1.0)|}]
            [Sandwich(4)]
            public partial class Net;
            """);
    }

    [Fact]
    public async Task LBDN007_duplicated_input()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [{|LBDN007:Input(8)|}]
            [Sandwich(4)]
            public partial class Net;
            """);
    }

    [Fact]
    public async Task LBDN007_input_after_a_layer()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Sandwich(4)]
            [{|LBDN007:Input(4)|}]
            public partial class Net;
            """);
    }

    [Fact]
    public async Task LBDN008_duplicate_names()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [Sandwich(4, Name = "hidden")]
            [Sandwich(4, {|LBDN008:Name = "hidden"|})]
            [SandwichLinear(2, {|LBDN008:Name = "input_scale"|})]
            [Sandwich(4, {|LBDN008:Name = "layer5_sandwich"|})]
            [Sandwich(4)]
            public partial class Net;
            """);
    }

    [Fact]
    public async Task LBDN008_name_that_is_not_an_identifier()
    {
        await AnalyzerVerifier.VerifyAsync("""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [Sandwich(4, {|LBDN008:Name = "class"|})]
            [SandwichLinear(2, {|LBDN008:Name = "out put"|})]
            public partial class Net;
            """);
    }
}
