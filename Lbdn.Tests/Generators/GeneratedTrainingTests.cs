using Lbdn.Certification;
using Lbdn.Tests.Generators.Infrastructure;
using static TorchSharp.torch;

namespace Lbdn.Tests.Generators;

/// <summary>End to end: declared networks are generated, compiled against Lbdn.Runtime, trained, and their bound checked by gradient ascent.</summary>
[Integration]
public sealed class GeneratedTrainingTests
{
    public static TheoryData<string, long[]> Declarations => new()
    {
        {
            """
            [LipschitzNet(gamma: 3.0)]
            [Input(12)]
            [Sandwich(16)]
            [Sandwich(16, Activation = Activation.Tanh)]
            [Orthogonal(8)]
            [Dense(8, MaxNorm = 2.0, Activation = Activation.ClippedReLU)]
            [Scale(0.5)]
            [SandwichLinear(3)]
            public partial class Net;
            """,
            [12]
        },
        {
            """
            [LipschitzNet(gamma: 0.5, AutoScale = false)]
            [Input(2, 8, 8)]
            [SandwichConv(4, Kernel = 3)]
            [OrthogonalConv(8, Kernel = 3, Stride = 2)]
            [AvgPool(2)]
            [Flatten]
            [Sandwich(8)]
            [SandwichLinear(3)]
            public partial class Net;
            """,
            [2, 8, 8]
        },
    };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void A_generated_network_trains_and_never_exceeds_its_bound(string declaration, long[] inputShape)
    {
        var run = GeneratorRun.Of("using Lbdn;\n\nnamespace Demo;\n\n" + declaration);
        Assert.Empty(run.Errors());
        var type = GeneratedAssembly.Load(run.Output).GetType("Demo.Net", throwOnError: true)!;
        var bound = (double)type.GetField("LipschitzBound")!.GetRawConstantValue()!;
        using var network = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type, [null, ScalarType.Float64, 3L])!;
        using var optimizer = optim.Adam(network.parameters(), 0.05);
        using var inputs = randn([32, .. inputShape], dtype: ScalarType.Float64, generator: new Generator(5));
        using var targets = randint(0, 3, [32], generator: new Generator(6));

        var losses = new List<double>();
        for (var step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(network.call(inputs), targets);
            loss.backward();
            optimizer.step();
            losses.Add(loss.ToDouble());
        }

        network.eval();
        var lower = EmpiricalLipschitz.LowerBound(network, inputShape, new EmpiricalLipschitzOptions(Restarts: 16, Steps: 100, LearningRate: 0.05, Seed: 1));

        Assert.True(losses[^1] < losses[0], $"loss {losses[0]} -> {losses[^1]}");
        Assert.True(lower <= bound * (1 + 1e-5), $"empirical {lower} exceeds the bound {bound}");
        Assert.True(lower > 0.05 * bound, $"empirical {lower} is implausibly far below {bound}");
    }

    [Fact]
    public void The_generated_certification_entry_points_agree_with_an_attack()
    {
        var run = GeneratorRun.Of("""
            using Lbdn;

            namespace Demo;

            [LipschitzNet(gamma: 1.0)]
            [Input(6)]
            [Sandwich(12)]
            [SandwichLinear(3)]
            public partial class Net;
            """);
        Assert.Empty(run.Errors());
        var type = GeneratedAssembly.Load(run.Output).GetType("Demo.Net", throwOnError: true)!;
        using var network = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type, [null, ScalarType.Float32, 2L])!;
        network.eval();
        using var inputs = randn([64, 6], generator: new Generator(3));
        using var labels = network.call(inputs).argmax(1);

        using var radius = (Tensor)type.GetMethod("CertifiedRadius")!.Invoke(network, [inputs])!;
        var reports = (IReadOnlyList<Lbdn.Certification.RadiusReport>)type.GetMethod("Certify")!.Invoke(network, [inputs, labels, new[] { 0.05, 0.2 }, null])!;

        Assert.Equal(ScalarType.Float64, radius.dtype);
        Assert.Equal(2, reports.Count);
        Assert.Equal(1.0, reports[0].CleanAccuracy);
        Assert.True(reports[0].CertifiedGlobal >= reports[1].CertifiedGlobal);
        var certifiedAtSmall = (radius > 0.05).to_type(ScalarType.Float64).mean().ToDouble();
        Assert.True(Math.Abs(certifiedAtSmall - reports[0].CertifiedGlobal) <= 1.0 / 64 + 1e-12, $"{certifiedAtSmall} vs {reports[0].CertifiedGlobal}");
        Assert.True(reports[0].PgdAccuracy >= reports[0].CertifiedLocal);
    }
}
