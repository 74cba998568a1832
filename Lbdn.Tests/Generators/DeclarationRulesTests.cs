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
    public void LBDN011_warns_on_layer_attributes_without_LipschitzNet()
    {
        var diagnostics = AnalyzerRun.Verify("""
            using Lbdn;

            [{|LBDN011:Input(4)|}]
            [Sandwich(4)]
            public partial class Forgotten;

            [{|LBDN011:Sandwich(4)|}]
            [Input(4)]
            public record AlsoForgotten;
            """);

        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
    }

    [Theory]
    [InlineData("[Input(784)]", "[{|LBDN005:SandwichConv(8)|}]", "the network's [Input] declares a vector")]
    [InlineData("[Input(784)]", "[{|LBDN005:AvgPool(2)|}]", "the network's [Input] declares a vector")]
    [InlineData("[Input(1, 28, 28)][Flatten]", "[{|LBDN005:SandwichConv(8)|}]", "move this layer before it")]
    [InlineData("[Input(1, 28, 28)][Flatten]", "[{|LBDN005:AvgPool(2)|}]", "move this layer before it")]
    public void LBDN005_advice_names_the_cause(string before, string layer, string advice)
    {
        var diagnostic = Assert.Single(AnalyzerRun.Verify($$"""
            using Lbdn;

            [LipschitzNet(1.0)]
            {{before}}
            {{layer}}
            public partial class Net;
            """));

        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains(advice, message);
        Assert.Equal(before.Contains("Flatten"), message.Contains("[Flatten]", StringComparison.Ordinal));
    }

    [Fact]
    public void LBDN012_without_Lbdn_Runtime_one_diagnostic_and_no_generated_code()
    {
        var markup = Markup.Parse("""
            using Lbdn;

            [{|LBDN012:LipschitzNet(1.0)|}]
            [Input(4)]
            [Sandwich(8)]
            [SandwichLinear(2)]
            public partial class Net;
            """);
        var compilation = TestCompilation.CreateWithout(["Lbdn.Runtime.dll", "TorchSharp.dll"], markup.Source);

        var diagnostic = Assert.Single(AnalyzerRun.Diagnostics(compilation));
        Assert.Equal("LBDN012", diagnostic.Id);
        Assert.Equal(markup.Expected.Single().Span, diagnostic.Location.SourceSpan);
        var run = GeneratorRun.Of(compilation);
        Assert.Empty(Assert.Single(run.Result.Results).GeneratedSources);
        Assert.Empty(run.Errors());
    }

    [Fact]
    public void LBDN013_a_width_that_cannot_be_allocated_states_the_parameter_count()
    {
        var diagnostic = Assert.Single(AnalyzerRun.Verify("""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [SandwichLinear({|LBDN013:2147483647|})]
            public partial class Net;
            """));

        // Weight n x (n + 4), the weight-norm scalar and the bias of n: n (n + 4) + 1 + n.
        var n = new BigInteger(int.MaxValue);
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("implies " + (n * (n + 4) + 1 + n).ToString(CultureInfo.InvariantCulture) + " parameters", message);
        Assert.Contains("[2147483647, 2147483651]", message);
    }

    [Theory]
    [InlineData(46338, false)]
    [InlineData(46339, true)]
    public void LBDN013_is_reported_exactly_when_a_weight_exceeds_the_largest_array(int width, bool reported)
    {
        var diagnostics = AnalyzerRun.Diagnostics(TestCompilation.Create($$"""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [Sandwich({{width}})]
            public partial class Net;
            """));

        Assert.Equal(reported, diagnostics.Any(d => d.Id == "LBDN013"));
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
