using Lbdn.Export;
using Lbdn.Inference;
using Lbdn.Layers;
using Lbdn.Tests.Data;
using Lbdn.Tests.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Inference;

/// <summary>A frozen-model file loads back into a FrozenNetwork equal to the freeze it was written from, in both precisions.</summary>
public sealed class RoundTripTests
{
    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void The_file_loads_back_into_a_frozen_network_equal_to_the_freeze_in_each_precision(ScalarType precision)
    {
        using var folder = new TempFolder();
        manual_seed(8);
        using var network = new LipschitzSequential(
            [2, 8, 8],
            new SandwichConv2d(2, 4, 8, 3, 2, Activation.ClippedReLU), new OrthogonalConv2d(4, 4, 4, 3, 1, Activation.GroupSort),
            new AvgPool(2), new Flatten(), new DenseLayer(16, 8, 0.7, Activation.ClippedReLU), new LipschitzScale(0.5), new SandwichLinear(8, 3));
        NetworkFactory.Randomise(network, 1.0);
        network.eval();
        var table = new CertificationTable("mnist", new string('a', 64), [new CertificationRow(0.5, 0.9, 0.8, 0.85, 0.88)]);
        var path = Path.Combine(folder.Path, "net.safetensors");
        FrozenModelWriter.Write(network, path, "RoundTrip", gamma: 2.0, table);

        using var loaded = FrozenNetwork.Load(path, precision);
        using var frozen = FrozenNetwork.From(network, precision);
        using var inputs = FreezableCatalog.Inputs([2, 8, 8], seed: 9).to_type(precision);
        using var expected = frozen.call(inputs);
        using var actual = loaded.call(inputs);

        Assert.Equal(frozen.Steps.Select(s => s.GetType()), loaded.Steps.Select(s => s.GetType()));
        Assert.Equal(network.LipschitzBound, loaded.LipschitzBound);
        Assert.Equal(0.0, (actual - expected).abs().max().ToDouble());
        var metadata = FrozenModelFile.Read(path).Metadata;
        Assert.Equal("RoundTrip", metadata.Name);
        Assert.Equal(2.0, metadata.Gamma);
        Assert.Equal(table.Rows, metadata.Certification!.Rows);
        Assert.Equal("mnist", metadata.Certification.Dataset);
        Assert.NotNull(metadata.PenultimateBound);
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float32)]
    public void Zero_padded_convolutions_and_SLL_residuals_load_back_exactly_in_each_precision(ScalarType precision)
    {
        using var folder = new TempFolder();
        using var network = InferenceModels.Baselines(seed: 4);
        NetworkFactory.Randomise(network, 1.0);
        network.eval();
        var path = Path.Combine(folder.Path, "baselines.safetensors");
        FrozenModelWriter.Write(network, path, "Baselines");

        using var loaded = FrozenNetwork.Load(path, precision);
        using var frozen = FrozenNetwork.From(network, precision);
        using var inputs = FreezableCatalog.Inputs(network.InputShape, seed: 5).to_type(precision);
        using var expected = frozen.call(inputs);
        using var actual = loaded.call(inputs);

        Assert.Equal(frozen.Steps.Select(s => s.GetType()), loaded.Steps.Select(s => s.GetType()));
        Assert.Contains(loaded.Steps, s => s is FrozenConv);
        Assert.Contains(loaded.Steps, s => s is FrozenSll { Padding: null });
        Assert.Contains(loaded.Steps, s => s is FrozenSll { Padding: 2 });
        Assert.All(loaded.Steps.OfType<FrozenSll>().Zip(frozen.Steps.OfType<FrozenSll>()), pair => Assert.Equal(pair.Second.Sigma.Kind, pair.First.Sigma.Kind));
        Assert.All(loaded.Steps.OfType<FrozenConv>().Zip(frozen.Steps.OfType<FrozenConv>()), pair => Assert.Equal(pair.Second.NormBound, pair.First.NormBound));
        Assert.Equal(network.LipschitzBound, loaded.LipschitzBound);
        Assert.Equal(0.0, (actual - expected).abs().max().ToDouble());
        var kinds = FrozenModelFile.Read(path).Metadata.Layers.Select(l => l.Kind).ToHashSet();
        Assert.Superset(new HashSet<string> { FrozenLayerKinds.Conv, FrozenLayerKinds.Sll, FrozenLayerKinds.SllConv }, kinds);
    }

    [Fact]
    public void A_step_kind_the_reader_does_not_know_is_refused_in_one_line_naming_it()
    {
        using var folder = new TempFolder();
        using var network = InferenceModels.Baselines(seed: 6);
        var file = FrozenModelWriter.Create(network, "Baselines");
        var layers = file.Metadata.Layers.Select((l, k) => k == 1 ? l with { Kind = "hyperbolic_conv" } : l).ToList();
        var path = Path.Combine(folder.Path, "future.safetensors");
        new FrozenModelFile(file.Metadata with { Layers = layers }, file.Tensors.Values).Write(path);

        var inference = Assert.Throws<InvalidDataException>(() => LbdnModel.Load(path));
        var runtime = Assert.Throws<InvalidDataException>(() => FrozenNetwork.Load(path, ScalarType.Float64));

        Assert.StartsWith("Layer 1 has the unknown kind 'hyperbolic_conv'; this reader knows: linear, fourier_conv, conv, sll, sll_conv,", inference.Message, StringComparison.Ordinal);
        Assert.StartsWith("Layer 1 has the unknown kind 'hyperbolic_conv'; this reader knows: linear, fourier_conv, conv, sll, sll_conv,", runtime.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', inference.Message);
        Assert.DoesNotContain('\n', runtime.Message);
    }
}
