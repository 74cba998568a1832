using Lbdn.Certification;
using Lbdn.Layers;
using Lbdn.Tests.Certification;
using Lbdn.Tests.Generators.Infrastructure;
using static TorchSharp.torch;

namespace Lbdn.Tests.Generators;

/// <summary>A declared network used as a layer of another declaration builds, trains, freezes and certifies, globally and locally.</summary>
public sealed class NestedDeclarationTests
{
    // Block: 8 -> 8 -> 6 with gamma 0.5 (scales injected); Outer: 6 -> 8, Block, x4, 3 with the product 1 * 0.5 * 4 * 1 = 2.
    private const string Source = """
        using Lbdn;

        namespace Demo;

        [LipschitzNet(0.5)]
        [Input(8)]
        [Sandwich(8)]
        [Sandwich(6)]
        public partial class Block;

        [LipschitzNet(2.0, AutoScale = false)]
        [Input(6)]
        [Sandwich(8)]
        [Layer(typeof(Block), OutputShape = [6])]
        [Scale(4)]
        [SandwichLinear(3)]
        public partial class Outer;
        """;

    [Fact]
    public async Task The_analyzer_accepts_the_nested_declaration_and_its_bound_is_the_product()
    {
        await AnalyzerVerifier.VerifyAsync(Source);
        var run = GeneratorRun.Of(Source);
        Assert.Empty(run.Errors());
        Assert.Equal(2, Assert.Single(run.Result.Results).GeneratedSources.Length);
        var type = GeneratedAssembly.Load(run.Output).GetType("Demo.Outer", throwOnError: true)!;
        Assert.Equal(2.0, (double)type.GetField("LipschitzBound")!.GetRawConstantValue()!);
        using var network = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type, [null, ScalarType.Float64, 1L])!;
        var stages = ((ILipschitzNetwork)network).Stages;
        Assert.Equal(2.0, stages.Aggregate(1.0, (product, stage) => product * ((ILipschitzModule)stage).LipschitzBound), 12);
        Assert.Equal(ScalarType.Float64, stages[1].parameters().First().dtype);
    }

    [Fact]
    public void A_nested_declaration_trains_freezes_and_certifies_soundly()
    {
        var run = GeneratorRun.Of(Source);
        Assert.Empty(run.Errors());
        var type = GeneratedAssembly.Load(run.Output).GetType("Demo.Outer", throwOnError: true)!;
        using var network = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type, [null, ScalarType.Float64, 4L])!;
        using var inputs = randn([32, 6], dtype: ScalarType.Float64, generator: new Generator(5));
        using var targets = randint(0, 3, [32], generator: new Generator(6));
        using (var optimizer = optim.Adam(network.parameters(), 0.05))
        {
            var losses = new List<double>();
            for (var step = 0; step < 10; step++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(network.call(inputs), targets);
                loss.backward();
                optimizer.step();
                losses.Add(loss.ToDouble());
            }

            Assert.True(losses[^1] < losses[0], $"loss {losses[0]} -> {losses[^1]}");
        }

        network.eval();
        using var frozen = ((IFreezable)network).Freeze(ScalarType.Float64);
        using var generated = (FrozenNetwork)type.GetMethod("Freeze")!.Invoke(network, [])!;
        using (no_grad())
        {
            using var expected = network.call(inputs);
            Assert.True((frozen.call(inputs) - expected).abs().max().ToDouble() < 1e-10);
            Assert.True((generated.call(inputs) - expected).abs().max().ToDouble() < 1e-10);
        }

        var lipschitz = (ILipschitzNetwork)network;
        using var certifiable = CertifiableNetwork.From(lipschitz);
        using var local = new LocalCertificate(certifiable);
        Assert.Equal(2.0, certifiable.GlobalBound);
        Assert.NotNull(certifiable.Last);
        using var predicted = network.call(inputs).argmax(1);
        var certified = 0;
        using var generator = new Generator(9);
        foreach (var eps in new[] { 0.05, 0.2 })
        {
            var result = local.Certify(inputs, eps, batchSize: 16);
            var global = GlobalCertificate.Certified(certifiable.Logits(inputs), certifiable.GlobalBound, eps, certifiable.Last).data<bool>().ToArray();
            for (var i = 0; i < result.Certified.Length; i++)
            {
                Assert.True(result.Certified[i] || !global[i], $"eps {eps}: input {i} certified globally but not locally");
                Assert.True(result.LocalBound[i] <= certifiable.GlobalBound);
                if (!result.Certified[i])
                {
                    continue;
                }

                certified++;
                using var scope = NewDisposeScope();
                using var noGrad = no_grad();
                var samples = CertificationNetworks.BallSamples(inputs[i], eps, 500, generator);
                Assert.Equal(0, network.call(samples).argmax(1).ne(predicted[i]).sum().ToInt64());
            }
        }

        Assert.True(certified > 0, "nothing certified; the test would be vacuous");
    }
}
