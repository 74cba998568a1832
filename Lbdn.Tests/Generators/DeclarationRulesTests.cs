using System.Globalization;
using System.Numerics;
using Lbdn.Generators.Diagnostics;
using Lbdn.Generators.Models;
using Lbdn.Generators.Verification;
using Lbdn.Layers;
using Lbdn.Tests.Generators.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Lbdn.Tests.Generators;

/// <summary>LBDN011-LBDN013, LBDN005's advice by cause, and the absence of placeholder help links.</summary>
public sealed class DeclarationRulesTests
{
    [Fact]
    public async Task LBDN011_warns_on_layer_attributes_without_LipschitzNet()
    {
        await AnalyzerVerifier.VerifyAsync(
            """
            using Lbdn;

            [{|#0:Input(4)|}]
            [Sandwich(4)]
            public partial class Forgotten;

            [{|#1:Sandwich(4)|}]
            [Input(4)]
            public record AlsoForgotten;
            """,
            AnalyzerVerifier.Diagnostic(DiagnosticDescriptors.LayersWithoutNetwork).WithLocation(0).WithArguments("Forgotten").WithSeverity(DiagnosticSeverity.Warning),
            AnalyzerVerifier.Diagnostic(DiagnosticDescriptors.LayersWithoutNetwork).WithLocation(1).WithArguments("AlsoForgotten").WithSeverity(DiagnosticSeverity.Warning));
    }

    [Theory]
    [InlineData("[Input(784)]", "SandwichConv(8)", "[784]", "a convolution needs an image (channels, height, width); the network's [Input] declares a vector; declare [Input(channels, height, width)] for images")]
    [InlineData("[Input(784)]", "AvgPool(2)", "[784]", "average pooling needs an image (channels, height, width); the network's [Input] declares a vector; declare [Input(channels, height, width)] for images")]
    [InlineData("[Input(1, 28, 28)][Flatten]", "SandwichConv(8)", "[784]", "a convolution needs an image (channels, height, width); an earlier [Flatten], dense layer or [Layer] turned the image into a vector; move this layer before it")]
    [InlineData("[Input(1, 28, 28)][Flatten]", "AvgPool(2)", "[784]", "average pooling needs an image (channels, height, width); an earlier [Flatten], dense layer or [Layer] turned the image into a vector; move this layer before it")]
    public async Task LBDN005_advice_names_the_cause(string before, string layer, string received, string reason)
    {
        var number = before.Contains("Flatten") ? 2 : 1;
        await AnalyzerVerifier.VerifyAsync(
            $$"""
            using Lbdn;

            [LipschitzNet(1.0)]
            {{before}}
            [{|#0:{{layer}}|}]
            public partial class Net;
            """,
            AnalyzerVerifier.Diagnostic(DiagnosticDescriptors.ShapeMismatch).WithLocation(0).WithArguments(
                $"layer {number} ([{layer.Split('(')[0]}])", received, reason));
    }

    [Fact]
    public async Task LBDN012_without_Lbdn_Runtime_one_diagnostic_and_no_generated_code()
    {
        const string source = """
            using Lbdn;

            [{|LBDN012:LipschitzNet(1.0)|}]
            [Input(4)]
            [Sandwich(8)]
            [SandwichLinear(2)]
            public partial class Net;
            """;
        string[] missing = ["Lbdn.Runtime.dll", "TorchSharp.dll"];

        await AnalyzerVerifier.VerifyAsync(source, missing);
        await GeneratorVerifier.VerifyAsync(source.Replace("{|LBDN012:", "").Replace("|}", ""), missing);
    }

    [Fact]
    public async Task LBDN013_a_width_that_cannot_be_allocated_states_the_parameter_count()
    {
        // Weight n x (n + 4), the weight-norm scalar and the bias of n: n (n + 4) + 1 + n.
        var n = new BigInteger(int.MaxValue);
        await AnalyzerVerifier.VerifyAsync(
            """
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [SandwichLinear({|#0:2147483647|})]
            public partial class Net;
            """,
            AnalyzerVerifier.Diagnostic(DiagnosticDescriptors.TooLarge).WithLocation(0).WithArguments(
                "layer 1 ([SandwichLinear])",
                "[4]",
                (n * (n + 4) + 1 + n).ToString(CultureInfo.InvariantCulture),
                "[2147483647, 2147483651]",
                (n * (n + 4)).ToString(CultureInfo.InvariantCulture),
                Array.MaxLength.ToString(CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData(46338, false)]
    [InlineData(46339, true)]
    public async Task LBDN013_is_reported_exactly_when_a_weight_exceeds_the_largest_array(int width, bool reported)
    {
        var argument = reported ? $"{{|LBDN013:{width}|}}" : width.ToString(CultureInfo.InvariantCulture);
        await AnalyzerVerifier.VerifyAsync($$"""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [Sandwich({{argument}})]
            public partial class Net;
            """);

        Assert.True(BigInteger.Multiply(width, width + 4) > Array.MaxLength == reported);
    }

    [Theory]
    [InlineData(typeof(SandwichAttribute), 1, 1, 5)]
    [InlineData(typeof(SandwichAttribute), 1, 1, 0)]
    [InlineData(typeof(SandwichLinearAttribute), 1, 1, 0)]
    [InlineData(typeof(OrthogonalAttribute), 1, 1, 5)]
    [InlineData(typeof(OrthogonalAttribute), 1, 1, 6)]
    [InlineData(typeof(DenseAttribute), 1, 1, 5)]
    [InlineData(typeof(SandwichConvAttribute), 3, 1, 5)]
    [InlineData(typeof(SandwichConvAttribute), 5, 2, 0)]
    [InlineData(typeof(OrthogonalConvAttribute), 3, 1, 6)]
    [InlineData(typeof(OrthogonalConvAttribute), 7, 2, 5)]
    public void The_counted_parameters_are_those_the_runtime_layer_allocates(Type attribute, int kernel, int stride, int activation)
    {
        var conv = attribute == typeof(SandwichConvAttribute) || attribute == typeof(OrthogonalConvAttribute);
        var layer = new LayerModel(0, attribute.FullName!, attribute.Name, Size: 6, kernel, stride, (Activation)activation, Factor: 1.0, Name: null, Module: null);
        var input = conv ? Shape.Image(3, 8, 8) : Shape.Vector(10);
        using torch.nn.Module<torch.Tensor, torch.Tensor> module = attribute.Name switch
        {
            nameof(SandwichAttribute) => new SandwichLayer(10, 6, (Activation)activation),
            nameof(SandwichLinearAttribute) => new SandwichLinear(10, 6),
            nameof(OrthogonalAttribute) => new OrthogonalLinear(10, 6, (Activation)activation),
            nameof(DenseAttribute) => new DenseLayer(10, 6, 1.0, (Activation)activation),
            nameof(SandwichConvAttribute) => new SandwichConv2d(3, 6, 8, kernel, stride, (Activation)activation),
            _ => new OrthogonalConv2d(3, 6, 8, kernel, stride, (Activation)activation),
        };

        var counted = ParameterCount.Tensors(layer, input).Aggregate(BigInteger.Zero, (sum, t) => sum + ParameterCount.Elements(t));
        Assert.Equal(module.parameters().Sum(p => p.numel()), (long)counted);
    }

    [Fact]
    public void No_rule_has_a_help_link_until_the_documentation_has_a_public_address()
    {
        Assert.All(DiagnosticDescriptors.All, descriptor => Assert.Equal("", descriptor.HelpLinkUri));
    }
}
