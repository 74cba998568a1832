using System.Globalization;
using Lbdn.Tests.Generators.Infrastructure;

namespace Lbdn.Tests.Generators;

/// <summary>Snapshots of the generated module for every layer kind and the README examples; each also compiles.</summary>
public sealed class GeneratedSourceTests
{
    public static TheoryData<string, string> Networks => new()
    {
        {
            "MnistClassifier",
            """
            using Lbdn;

            namespace Demo;

            [LipschitzNet(gamma: 1.0)]
            [Input(784)]
            [Sandwich(190)]
            [Sandwich(128)]
            [SandwichLinear(10)]
            public partial class MnistClassifier;
            """
        },
        {
            "MnistConvNet",
            """
            using Lbdn;

            namespace Demo;

            [LipschitzNet(gamma: 2.0)]
            [Input(1, 28, 28)]
            [SandwichConv(16, Kernel = 3)]
            [SandwichConv(32, Kernel = 3, Stride = 2)]
            [Flatten]
            [Sandwich(256)]
            [SandwichLinear(10)]
            public partial class MnistConvNet;
            """
        },
        {
            "SandwichActivations",
            """
            using Lbdn;

            namespace Demo
            {
                [LipschitzNet(1.0)]
                [Input(16)]
                [Sandwich(8, Activation = Activation.Tanh, Name = "encoder")]
                [Sandwich(8, Activation = Activation.ClippedReLU)]
                [SandwichLinear(2)]
                internal partial class TanhNet { }
            }
            """
        },
        {
            "OrthogonalLayers",
            """
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(3, 32, 32)]
            [OrthogonalConv(16, Kernel = 5, Activation = Activation.GroupSort)]
            [OrthogonalConv(32, Stride = 2)]
            [Flatten]
            [Orthogonal(64)]
            [Orthogonal(10, Activation = Activation.Identity)]
            public partial class OrthogonalNet;
            """
        },
        {
            "PoolScaleDenseAutoScaleOff",
            """
            using Lbdn;

            namespace Demo.Nets;

            [LipschitzNet(4.0, AutoScale = false)]
            [Input(2, 8, 8)]
            [AvgPool(2)]
            [Flatten]
            [Scale(-2.5)]
            [Dense(32, MaxNorm = 1.5, Activation = Activation.LeakyReLU)]
            [Dense(4)]
            public partial class LocalLipNet;
            """
        },
        {
            "UserLayerNested",
            """
            using Lbdn;
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Demo
            {
                [LipschitzBound(0.5)]
                public sealed class Halve() : nn.Module<Tensor, Tensor>("halve"), IFreezable, ILipschitzModule
                {
                    public double LipschitzBound => 0.5;

                    public override Tensor forward(Tensor input) => input * 0.5;

                    public nn.Module<Tensor, Tensor> Freeze() => new Lbdn.Layers.LipschitzScale(0.5);

                    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision) => Freeze();
                }

                public static partial class Models
                {
                    internal partial record Outer
                    {
                        [LipschitzNet(3.0)]
                        [Input(10)]
                        [Layer(typeof(Halve), Name = "halve", OutputShape = [10])]
                        [SandwichLinear(10)]
                        public partial class Inner { }
                    }
                }
            }
            """
        },
    };

    private static readonly Dictionary<string, string> HintNames = new()
    {
        ["MnistClassifier"] = "Demo.MnistClassifier.g.cs",
        ["MnistConvNet"] = "Demo.MnistConvNet.g.cs",
        ["SandwichActivations"] = "Demo.TanhNet.g.cs",
        ["OrthogonalLayers"] = "OrthogonalNet.g.cs",
        ["PoolScaleDenseAutoScaleOff"] = "Demo.Nets.LocalLipNet.g.cs",
        ["UserLayerNested"] = "Demo.Models.Outer.Inner.g.cs",
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public async Task Generated_source_matches_snapshot_and_compiles(string name, string source)
    {
        await GeneratorVerifier.VerifySnapshotAsync(source, HintNames[name], name);
    }

    [Fact]
    public void Generated_source_does_not_depend_on_the_culture()
    {
        var source = (string)Networks.First(row => (string)row[0] == "PoolScaleDenseAutoScaleOff")[1];
        var invariant = GeneratorRun.Of(source).SingleSource();
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal(invariant, GeneratorRun.Of(source).SingleSource());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public async Task Invalid_declarations_generate_nothing()
    {
        await GeneratorVerifier.VerifyAsync("""
            using Lbdn;

            [LipschitzNet(-1.0)]
            [Input(4)]
            [Sandwich(4)]
            public partial class Broken;
            """);
    }
}
