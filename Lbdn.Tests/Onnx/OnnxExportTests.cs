using Lbdn.Layers;
using Lbdn.Onnx;
using Lbdn.Tests.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Onnx;

/// <summary>
/// The ONNX export computes the frozen network: ONNX Runtime's outputs equal TorchSharp's float32 freeze to 1e-5 and the
/// float64 freeze (the certified copy) to 1e-12, relative to the largest output, on every layer kind and the MNIST architectures.
/// </summary>
public sealed class OnnxExportTests
{
    public static TheoryData<string> Kinds() => [.. FreezableCatalog.CayleyKinds.Concat(FreezableCatalog.OtherKinds).Concat(FreezableCatalog.BaselineKinds)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_layer_kind_runs_in_ONNX_Runtime_as_frozen(string kind)
    {
        var (module, shape) = FreezableCatalog.Build(kind, seed: 3, scale: 0.8);
        using var network = new LipschitzSequential(shape, module);
        using var inputs = FreezableCatalog.Inputs(shape, seed: 4);

        AssertExportMatches(network, inputs);
    }

    [Fact]
    public void Every_activation_of_a_dense_network_runs_in_ONNX_Runtime_as_frozen()
    {
        manual_seed(5);
        using var network = NetworkFactory.EveryDenseKind(gamma: 3.0);
        NetworkFactory.Randomise(network, 0.7);
        using var generator = new Generator(6);
        using var inputs = randn([32, 6], generator: generator);

        AssertExportMatches(network, inputs);
    }

    [Fact]
    public void A_network_of_every_AOL_and_SLL_kind_exports_exactly()
    {
        using var network = Lbdn.Tests.Inference.InferenceModels.Baselines(seed: 11);
        NetworkFactory.Randomise(network, 0.6);
        using var inputs = FreezableCatalog.Inputs(network.InputShape, seed: 12);

        AssertExportMatches(network, inputs);
    }

    [Fact]
    public void The_MNIST_sandwich_architecture_exports_exactly()
    {
        manual_seed(7);
        using var network = new LipschitzSequential(
            [784], new SandwichLayer(784, 190), new SandwichLayer(190, 190), new SandwichLayer(190, 128), new SandwichLinear(128, 10));
        using var generator = new Generator(8);
        using var inputs = rand([64, 784], generator: generator);

        AssertExportMatches(network, inputs);
    }

    [Fact]
    [Integration]
    public void The_MNIST_conv_architecture_exports_exactly()
    {
        manual_seed(9);
        using var network = new LipschitzSequential(
            [1, 28, 28], new SandwichConv2d(1, 16, 28, 3, 2, Activation.ReLU), new Flatten(), new SandwichLayer(16 * 14 * 14, 256), new SandwichLinear(256, 10));
        using var generator = new Generator(10);
        using var inputs = rand([16, 1, 28, 28], generator: generator);

        AssertExportMatches(network, inputs);
    }

    [Fact]
    public void The_bound_and_the_certificate_rule_are_in_the_metadata()
    {
        using var network = new LipschitzSequential([4], new LipschitzScale(2.5), new SandwichLinear(4, 3));
        using var frozen = FrozenNetwork.From(network);

        var model = OnnxExport.ToModel(frozen, OnnxPrecision.Float64, new Dictionary<string, string> { ["lbdn.name"] = "Tiny" });

        var metadata = model.MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("2.5", metadata[OnnxExport.BoundKey]);
        Assert.Equal(OnnxExport.CertificateRule, metadata[OnnxExport.CertificateKey]);
        Assert.Equal("4", metadata["lbdn.input_shape"]);
        Assert.Equal("float64", metadata["lbdn.precision"]);
        Assert.Equal("Tiny", metadata["lbdn.name"]);
    }

    [Fact]
    public void A_step_without_an_export_is_refused_by_name()
    {
        using var network = new LipschitzSequential([4], new Opaque());
        using var frozen = FrozenNetwork.From(network);

        var error = Assert.Throws<NotSupportedException>(() => OnnxExport.ToModel(frozen, OnnxPrecision.Float32));

        Assert.Contains("Opaque has no ONNX export", error.Message);
    }

    private static void AssertExportMatches(LipschitzSequential network, Tensor inputs)
    {
        using var _ = no_grad();
        network.eval();
        using var narrow = FrozenNetwork.From(network, ScalarType.Float32);
        using var wide = FrozenNetwork.From(network, ScalarType.Float64);
        using var expectedNarrow = narrow.call(inputs.to_type(ScalarType.Float32));
        using var expectedWide = wide.call(inputs.to_type(ScalarType.Float64));

        using var actualNarrow = OnnxRunner.Run(OnnxExport.ToBytes(narrow, OnnxPrecision.Float32), inputs, OnnxPrecision.Float32);
        using var actualWide = OnnxRunner.Run(OnnxExport.ToBytes(wide, OnnxPrecision.Float64), inputs, OnnxPrecision.Float64);

        Assert.Equal(expectedNarrow.shape, actualNarrow.shape);
        Assert.InRange(OnnxRunner.RelativeError(actualNarrow, expectedNarrow), 0, 1e-5);
        Assert.InRange(OnnxRunner.RelativeError(actualWide, expectedWide), 0, 1e-12);
        // Same argmax wherever the top two outputs are not tied to rounding.
        using var flat = expectedWide.flatten(1);
        using var top = flat.topk(2, dim: 1).values;
        using var separated = (top.select(1, 0) - top.select(1, 1)).gt(1e-9 * flat.abs().max().ToDouble());
        using var agree = flat.argmax(1).eq(actualWide.flatten(1).argmax(1));
        Assert.True(agree.logical_or(separated.logical_not()).all().ToBoolean());
        Assert.True(separated.any().ToBoolean());
    }

    // A bounded stage that freezes into a module of no known kind.
    private sealed class Opaque : nn.Module<Tensor, Tensor>, ILipschitzModule
    {
        public Opaque() : base(nameof(Opaque))
        {
        }

        public double LipschitzBound => 1;

        public override Tensor forward(Tensor input) => input.alias();
    }
}
