using Lbdn.Interop;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Interop;

public sealed class ReferenceRoundTripTests
{
    private const ScalarType F64 = ScalarType.Float64;

    public static TheoryData<string> Kinds => new(Layers.Keys);

    private static readonly Dictionary<string, Func<nn.Module<Tensor, Tensor>>> Layers = new()
    {
        ["sandwich"] = () => new SandwichLayer(6, 5, Activation.ReLU, dtype: F64),
        ["sandwich-linear"] = () => new SandwichLinear(6, 3, dtype: F64),
        ["sandwich-linear-ab"] = () => new SandwichLinear(6, 3, SandwichForm.AB, dtype: F64),
        ["sandwich-conv-linear-ab-s2"] = () => new SandwichConvLinear(2, 3, 8, 3, 2, SandwichForm.AB, dtype: F64),
        ["orthogonal-square"] = () => new OrthogonalLinear(5, 5, Activation.ReLU, dtype: F64),
        ["orthogonal-narrow"] = () => new OrthogonalLinear(7, 4, Activation.Identity, dtype: F64),
        ["aol"] = () => new AolLinear(6, 4, Activation.ReLU, dtype: F64),
        ["orthogonal-wide"] = () => new OrthogonalLinear(4, 7, Activation.ReLU, dtype: F64),
        ["sandwich-conv"] = () => new SandwichConv2d(2, 3, 8, 3, 1, Activation.ReLU, dtype: F64),
        ["sandwich-conv-s2"] = () => new SandwichConv2d(2, 3, 8, 3, 2, Activation.ReLU, dtype: F64),
        ["sandwich-conv-k7-s2"] = () => new SandwichConv2d(1, 3, 8, 7, 2, Activation.ReLU, dtype: F64),
        ["orthogonal-conv"] = () => new OrthogonalConv2d(3, 2, 8, 3, 1, Activation.Identity, dtype: F64),
        ["orthogonal-conv-wide"] = () => new OrthogonalConv2d(2, 5, 8, 3, 1, Activation.ReLU, dtype: F64),
        ["orthogonal-conv-s2"] = () => new OrthogonalConv2d(2, 8, 8, 3, 2, Activation.ReLU, dtype: F64),
        ["aol-linear"] = () => new AolLinear(6, 4, Activation.Identity, dtype: F64),
        ["aol-conv"] = () => new LipschitzSequential([2, 8, 8], new AolConv2d(2, 3, 3, Activation.ReLU, dtype: F64)),
        ["aol-conv-linear-k5"] = () => new LipschitzSequential([3, 7, 7], new AolConv2d(3, 2, 5, Activation.Identity, dtype: F64)),
        ["sll"] = () => new SllLinear(5, 7, dtype: F64),
        ["sll-conv"] = () => new LipschitzSequential([3, 8, 8], new SllConv2d(3, 4, 3, dtype: F64)),
        ["baseline-network"] = () => new LipschitzSequential([2, 6, 6],
            new LipschitzScale(2.0), new AolConv2d(2, 3, 3, Activation.ReLU, dtype: F64), new SllConv2d(3, 5, 3, dtype: F64), new Flatten(),
            new SllLinear(108, 16, dtype: F64), new AolLinear(108, 4, Activation.Identity, dtype: F64)),
        ["network"] = () => new LipschitzSequential([2, 8, 8],
            new LipschitzScale(0.5), new SandwichConv2d(2, 4, 8, 3, 2, Activation.ReLU, dtype: F64), new Flatten(),
            new SandwichLayer(64, 10, Activation.ReLU, dtype: F64), new SandwichLinear(10, 3, dtype: F64), new LipschitzScale(2.0)),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Export_then_import_is_the_identity(string kind)
    {
        random.manual_seed(1);
        using var original = Layers[kind]();
        Perturb(original);
        random.manual_seed(2);
        using var copy = Layers[kind]();
        var path = Path.Combine(Path.GetTempPath(), $"lbdn-roundtrip-{kind}-{Guid.NewGuid():N}.safetensors");
        try
        {
            ReferenceExport.Write(original, path);
            var import = ReferenceCheckpoint.Import(copy, path);

            Assert.Equal(0.0, import.CheckDifference);
            foreach (var ((name, a), (_, b)) in original.named_parameters().Zip(copy.named_parameters()))
            {
                Assert.True(a.shape.SequenceEqual(b.shape), name);
                Assert.Equal(0.0, (a - b).abs().max().ToDouble());
            }
        }
        finally
        {
            foreach (var file in new[] { path, Path.ChangeExtension(path, ".json"), Path.ChangeExtension(path, ".check.safetensors") })
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public void Imported_even_reference_kernel_exports_back_to_the_same_state_dict()
    {
        using var layer = ReferenceFixtures.Layer("sandwich_conv_k5_s2");
        var reference = ReferenceCheckpoint.Read(ReferenceFixtures.Checkpoint("sandwich_conv_k5_s2"));
        ReferenceCheckpoint.Import(layer, reference);

        var (exported, modules) = ReferenceExport.StateDict(layer);

        Assert.Equal("SandwichConv", Assert.Single(modules).Class);
        Assert.Equal(reference.Keys.Order(), exported.Keys.Order());
        foreach (var (key, value) in reference)
        {
            Assert.Equal(0.0, (exported[key].reshape(value.shape) - value).abs().max().ToDouble());
        }
    }

    [Fact]
    public void A_centred_kernel_the_even_reference_kernel_cannot_hold_is_refused()
    {
        random.manual_seed(3);
        using var layer = new SandwichConv2d(2, 3, 8, 5, 2, Activation.ReLU, dtype: F64);

        var error = Assert.Throws<ReferenceCheckpointException>(() => ReferenceExport.StateDict(layer));
        Assert.Contains("kernel 5, stride 2", error.Message);
    }

    [Fact]
    public void A_layer_kind_without_reference_equivalent_is_refused_by_stage()
    {
        using var layer = new DenseLayer(4, 3, 1.0, Activation.ReLU, dtype: F64);

        var error = Assert.Throws<ReferenceCheckpointException>(() => ReferenceExport.StateDict(layer));
        Assert.Contains("DenseLayer", error.Message);
    }

    // Moves psi (initially 0) and the other parameters off their initial values, so a dropped parameter cannot pass.
    private static void Perturb(nn.Module<Tensor, Tensor> module)
    {
        using var _ = no_grad();
        foreach (var parameter in module.parameters())
        {
            parameter.add_(0.1 * randn_like(parameter));
        }
    }
}
