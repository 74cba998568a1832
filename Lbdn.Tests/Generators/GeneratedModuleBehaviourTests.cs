using Lbdn.Tests.Generators.Infrastructure;
using static TorchSharp.torch;

namespace Lbdn.Tests.Generators;

/// <summary>The generated module, compiled against Lbdn.Runtime and run on TorchSharp.</summary>
public sealed class GeneratedModuleBehaviourTests
{
    private static readonly Lazy<Type> Classifier = new(() => Load("""
        using Lbdn;

        namespace Demo;

        [LipschitzNet(gamma: 4.0)]
        [Input(784)]
        [Sandwich(190)]
        [Sandwich(128, Name = "features")]
        [SandwichLinear(10)]
        public partial class MnistClassifier;
        """, "Demo.MnistClassifier"));

    [Fact]
    public void Children_are_registered_under_their_state_dict_names_in_forward_order()
    {
        using var network = Create();

        Assert.Equal(
            ["input_scale", "layer1_sandwich", "features", "layer3_sandwich_linear", "output_scale"],
            network.named_children().Select(child => child.name));
    }

    [Fact]
    public void Forward_accepts_the_declared_trailing_shape()
    {
        using var network = Create();
        using var input = zeros(2, 784);

        using var output = network.forward(input);

        Assert.Equal([2L, 10L], output.shape);
    }

    [Fact]
    public void Forward_names_expected_and_actual_shapes_when_they_differ()
    {
        using var network = Create();
        using var input = zeros(2, 783);

        var error = Assert.Throws<ArgumentException>(() => network.forward(input));

        Assert.Contains("[batch, 784]", error.Message);
        Assert.Contains("[2, 783]", error.Message);
    }

    [Fact]
    public void Bound_and_description_reflect_gamma_and_the_injected_scales()
    {
        var type = Classifier.Value;
        var bound = (double)type.GetField("LipschitzBound")!.GetRawConstantValue()!;
        var description = ((System.Collections.IEnumerable)type.GetProperty("Description")!.GetValue(null)!).Cast<object>().ToList();

        Assert.Equal(4.0, bound);
        Assert.Equal(5, description.Count);
        Assert.Equal(2.0, (double)description[0].GetType().GetProperty("Bound")!.GetValue(description[0])!);
    }

    [Fact]
    public void Stages_bound_and_input_shape_are_exposed_through_ILipschitzNetwork()
    {
        using var network = Create();
        var lipschitz = Assert.IsAssignableFrom<ILipschitzNetwork>(network);

        Assert.Equal(4.0, lipschitz.LipschitzBound);
        Assert.Equal([784L], lipschitz.InputShape);
        Assert.Equal(network.named_children().Select(child => child.module), lipschitz.Stages);
    }

    [Fact]
    public void Frozen_copy_computes_the_same_function_with_the_same_bound()
    {
        using var network = Create();
        network.eval();
        using var frozen = (Lbdn.Layers.FrozenNetwork)Classifier.Value.GetMethod("Freeze")!.Invoke(network, null)!;
        using var input = randn(3, 784, generator: new TorchSharp.torch.Generator(11));

        using var expected = network.forward(input);
        using var actual = frozen.forward(input);

        Assert.Equal(4.0, frozen.LipschitzBound);
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5), "The frozen network computes a different function.");
    }

    [Fact]
    public void Form_AB_builds_the_AB_output_layer()
    {
        var type = Load("""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(6)]
            [SandwichLinear(3, Form = SandwichForm.AB)]
            public partial class AbNet;
            """, "AbNet");
        using var network = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type, [null, ScalarType.Float32, 7L])!;

        var output = Assert.IsType<Lbdn.Layers.SandwichLinear>(((ILipschitzNetwork)network).Stages[1]);
        Assert.Equal(SandwichForm.AB, output.Form);
    }

    [Fact]
    public void Aol_layers_are_built_with_their_activation_and_bound_one()
    {
        var type = Load("""
            using Lbdn;

            [LipschitzNet(2.0)]
            [Input(6)]
            [Aol(8)]
            [Aol(4, Activation = Activation.MaxMin)]
            public partial class AolNet;
            """, "AolNet");
        using var network = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type, [null, ScalarType.Float32, 7L])!;
        var stages = ((ILipschitzNetwork)network).Stages;

        Assert.Equal(2.0, ((ILipschitzNetwork)network).LipschitzBound);
        Assert.Equal(Activation.ReLU, Assert.IsType<Lbdn.Layers.AolLinear>(stages[1]).Sigma.Kind);
        Assert.Equal(Activation.MaxMin, Assert.IsType<Lbdn.Layers.AolLinear>(stages[2]).Sigma.Kind);
        Assert.Equal(["input_scale", "layer1_aol", "layer2_aol", "output_scale"], network.named_children().Select(child => child.name));
    }

    [Fact]
    public void Sll_layers_keep_the_width_and_have_bound_one()
    {
        var type = Load("""
            using Lbdn;

            [LipschitzNet(2.0)]
            [Input(6)]
            [Sll(8)]
            [Sll(4, Activation = Activation.Tanh)]
            [Aol(3, Activation = Activation.Identity)]
            public partial class SllNet;
            """, "SllNet");
        using var network = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type, [null, ScalarType.Float32, 7L])!;
        var stages = ((ILipschitzNetwork)network).Stages;
        using var y = network.call(randn(5, 6));

        Assert.Equal(2.0, ((ILipschitzNetwork)network).LipschitzBound);
        Assert.Equal((6L, 8L, Activation.ReLU), Assert.IsType<Lbdn.Layers.SllLinear>(stages[1]) is var first ? (first.Features, first.InnerFeatures, first.Sigma.Kind) : default);
        Assert.Equal((6L, 4L, Activation.Tanh), Assert.IsType<Lbdn.Layers.SllLinear>(stages[2]) is var second ? (second.Features, second.InnerFeatures, second.Sigma.Kind) : default);
        Assert.Equal([5L, 3L], y.shape);
        Assert.Equal(["input_scale", "layer1_sll", "layer2_sll", "layer3_aol", "output_scale"], network.named_children().Select(child => child.name));
    }

    [Fact]
    public void Zero_padded_AOL_and_SLL_convolutions_run_on_odd_rectangular_images()
    {
        var type = Load("""
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(1, 5, 7)]
            [AolConv(4, Kernel = 5)]
            [SllConv(6)]
            [Flatten]
            [Aol(3, Activation = Activation.Identity)]
            public partial class ZeroPaddedNet;
            """, "ZeroPaddedNet");
        using var network = (nn.Module<Tensor, Tensor>)Activator.CreateInstance(type, [null, ScalarType.Float32, 7L])!;
        var stages = ((ILipschitzNetwork)network).Stages;
        using var y = network.call(randn(2, 1, 5, 7));

        Assert.Equal(5L, Assert.IsType<Lbdn.Layers.AolConv2d>(stages[1]).KernelSize);
        Assert.Equal((4L, 6L), Assert.IsType<Lbdn.Layers.SllConv2d>(stages[2]) is var sll ? (sll.Channels, sll.InnerChannels) : default);
        Assert.Equal([2L, 3L], y.shape);
        Assert.Equal(["input_scale", "layer1_aol_conv", "layer2_sll_conv", "layer3_flatten", "layer4_aol", "output_scale"], network.named_children().Select(child => child.name));
    }

    private static nn.Module<Tensor, Tensor> Create() =>
        (nn.Module<Tensor, Tensor>)Activator.CreateInstance(Classifier.Value, [null, ScalarType.Float32, 7L])!;

    private static Type Load(string source, string typeName)
    {
        var run = GeneratorRun.Of(source);
        Assert.Empty(run.Errors());
        return GeneratedAssembly.Load(run.Output).GetType(typeName, throwOnError: true)!;
    }
}
