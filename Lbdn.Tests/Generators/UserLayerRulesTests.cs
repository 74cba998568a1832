using System.Globalization;
using Lbdn.Generators.Diagnostics;
using Lbdn.Tests.Generators.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Lbdn.Tests.Generators;

/// <summary>LBDN009 and LBDN010: user layers that cannot be certified, and user layers whose output shape is unknown.</summary>
public sealed class UserLayerRulesTests
{
    private const string Modules = """
        using Lbdn;
        using TorchSharp;
        using static TorchSharp.torch;

        [LipschitzBound(1.0)]
        public sealed class Shrink() : nn.Module<Tensor, Tensor>("shrink"), IFreezable, ILipschitzModule
        {
            public double LipschitzBound => 1.0;

            public override Tensor forward(Tensor input) => input.narrow(1, 0, 8);

            public nn.Module<Tensor, Tensor> Freeze() => this;

            public nn.Module<Tensor, Tensor> Freeze(ScalarType precision) => this;
        }

        [LipschitzBound(0.5)]
        public sealed class Halve() : nn.Module<Tensor, Tensor>("halve")
        {
            public override Tensor forward(Tensor input) => input * 0.5;
        }

        [LipschitzBound(0.5)]
        public sealed class FreezableHalve() : nn.Module<Tensor, Tensor>("halve"), IFreezable, ILipschitzModule
        {
            public double LipschitzBound => 0.5;

            public override Tensor forward(Tensor input) => input * 0.5;

            public nn.Module<Tensor, Tensor> Freeze() => new Lbdn.Layers.LipschitzScale(0.5);

            public nn.Module<Tensor, Tensor> Freeze(ScalarType precision) => Freeze();
        }

        [LipschitzBound(0.5)]
        public sealed class FreezableOnlyHalve() : nn.Module<Tensor, Tensor>("halve"), IFreezable
        {
            public override Tensor forward(Tensor input) => input * 0.5;

            public nn.Module<Tensor, Tensor> Freeze() => new Lbdn.Layers.LipschitzScale(0.5);

            public nn.Module<Tensor, Tensor> Freeze(ScalarType precision) => Freeze();
        }

        """;

    [Fact]
    public async Task LBDN009_warns_on_a_user_layer_that_cannot_be_frozen_and_the_network_is_still_generated()
    {
        const string network = """
            [LipschitzNet(1.0)]
            [Input(4)]
            [Layer({|#0:typeof(Halve)|}, OutputShape = [4])]
            [SandwichLinear(2)]
            public partial class Net;
            """;

        await AnalyzerVerifier.VerifyAsync(
            Modules + network,
            AnalyzerVerifier.Diagnostic(DiagnosticDescriptors.NotCertifiable).WithLocation(0).WithArguments("layer 1 ([Layer])", "Halve").WithSeverity(DiagnosticSeverity.Warning));
        Assert.Contains("CertifiedRadius() and Certify() throw at run time", DiagnosticDescriptors.NotCertifiable.MessageFormat.ToString(CultureInfo.InvariantCulture));
        var run = GeneratorRun.Of(Modules + network.Replace("{|#0:", "").Replace("|}", ""));
        Assert.Empty(run.Errors());
        Assert.Contains("SandwichLinear(4L, 2L", run.SingleSource());
    }

    [Theory]
    [InlineData("FreezableHalve", true)]
    [InlineData("FreezableOnlyHalve", false)]
    [InlineData("Halve", false)]
    public async Task A_user_layer_certifies_exactly_when_LBDN009_is_silent_and_the_radius_is_float64(string module, bool certifiable)
    {
        var argument = certifiable ? $"typeof({module})" : $"{{|LBDN009:typeof({module})|}}";
        var network = $$"""
            [LipschitzNet(1.0)]
            [Input(4)]
            [Layer({{argument}}, OutputShape = [4])]
            [SandwichLinear(3)]
            public partial class Net;
            """;
        await AnalyzerVerifier.VerifyAsync(Modules + network);
        var run = GeneratorRun.Of(Modules + network.Replace("{|LBDN009:", "").Replace("|}", ""));
        Assert.Empty(run.Errors());

        var type = GeneratedAssembly.Load(run.Output).GetType("Net")!;
        using var networkModule = (torch.nn.Module<torch.Tensor, torch.Tensor>)Activator.CreateInstance(type, [null, torch.ScalarType.Float32, 1L])!;
        using var input = torch.ones(5, 4);
        var certify = () => (torch.Tensor)type.GetMethod("CertifiedRadius")!.Invoke(networkModule, [input])!;
        if (!certifiable)
        {
            Assert.Throws<System.Reflection.TargetInvocationException>(() => certify());
            return;
        }

        using var radius = certify();
        Assert.Equal(torch.ScalarType.Float64, radius.dtype);
        Assert.Equal([5L], radius.shape);
    }

    [Fact]
    public async Task LBDN010_a_width_changing_user_layer_without_OutputShape_is_reported_where_the_next_layer_needs_it()
    {
        await AnalyzerVerifier.VerifyAsync(
            Modules + """
            [LipschitzNet(1.0)]
            [Input(16)]
            [{|#0:Layer(typeof(Shrink))|}]
            [SandwichLinear(2)]
            public partial class Net;
            """,
            AnalyzerVerifier.Diagnostic(DiagnosticDescriptors.UnknownShape).WithLocation(0).WithArguments("layer 1 ([Layer])", "Shrink", "layer 2 ([SandwichLinear])", "[16]"));
    }

    [Fact]
    public async Task LBDN010_a_last_user_layer_without_OutputShape_is_reported()
    {
        await AnalyzerVerifier.VerifyAsync(Modules + """
            [LipschitzNet(1.0)]
            [Input(16)]
            [Sandwich(16)]
            [{|LBDN010:Layer(typeof(Shrink))|}]
            public partial class Net;
            """);
    }

    [Fact]
    public async Task A_declared_OutputShape_is_checked_against_the_next_layer()
    {
        await AnalyzerVerifier.VerifyAsync(Modules + """
            [LipschitzNet(1.0)]
            [Input(16)]
            [Layer(typeof(Shrink), OutputShape = [8])]
            [{|LBDN005:SandwichConv(4)|}]
            public partial class Net;
            """);
        await AnalyzerVerifier.VerifyAsync(Modules + """
            [LipschitzNet(1.0)]
            [Input(16)]
            [Layer(typeof(Shrink), {|LBDN005:OutputShape = [0]|})]
            [SandwichLinear(2)]
            public partial class Net;
            """);
    }

    [Fact]
    public void A_width_changing_user_layer_with_its_OutputShape_generates_a_network_that_runs()
    {
        var run = GeneratorRun.Of(Modules + """
            [LipschitzNet(1.0)]
            [Input(16)]
            [Sandwich(16)]
            [Layer(typeof(Shrink), OutputShape = [8])]
            [SandwichLinear(3)]
            public partial class Net;
            """);
        Assert.Empty(run.Errors());

        var type = GeneratedAssembly.Load(run.Output).GetType("Net")!;
        using var network = (torch.nn.Module<torch.Tensor, torch.Tensor>)Activator.CreateInstance(type, [null, torch.ScalarType.Float32, 1L])!;
        using var input = torch.ones(5, 16);
        using var output = network.call(input);
        Assert.Equal([5L, 3L], output.shape);
    }
}
