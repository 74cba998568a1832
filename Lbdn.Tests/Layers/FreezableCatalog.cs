using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

/// <summary>Every freezable kind as a small float32 module with its input shape, at a chosen weight scale (0: default initialisation).</summary>
internal static class FreezableCatalog
{
    /// <summary>The kinds whose frozen weights come from a Cayley transform, as [A | B] or a semi-orthogonal Q.</summary>
    public static readonly string[] CayleyKinds =
    [
        "sandwich", "sandwich-widening", "orthogonal", "orthogonal-widening",
        "sandwich-conv", "sandwich-conv-stride2", "orthogonal-conv", "orthogonal-conv-widening-stride2",
    ];

    /// <summary>Every other freezable kind.</summary>
    public static readonly string[] OtherKinds =
    [
        "sandwich-linear", "sandwich-conv-linear-stride2", "sandwich-linear-ab", "sandwich-conv-linear-ab", "aol", "dense-clipped", "orthogonal-groupsort", "clipped-relu",
        "scale", "flatten", "avgpool", "space-to-depth", "sequential",
    ];

    /// <summary>The AOL and SLL baselines that freeze into zero-padded convolutions and SLL residuals: kernels 1, 3, 5, several channel counts, odd and rectangular images.</summary>
    public static readonly string[] BaselineKinds =
    [
        "aol-conv", "aol-conv-k1", "aol-conv-k5", "sll", "sll-clipped", "sll-conv", "sll-conv-k1", "sll-conv-k5",
    ];

    public static (nn.Module<Tensor, Tensor> Module, long[] InputShape) Build(string kind, int seed, double scale)
    {
        manual_seed(seed);
        (nn.Module<Tensor, Tensor> Module, long[] Shape) built = kind switch
        {
            "sandwich" => (new SandwichLayer(9, 7, Activation.ReLU), [9L]),
            "sandwich-widening" => (new SandwichLayer(5, 10, Activation.Tanh), [5L]),
            "orthogonal" => (new OrthogonalLinear(10, 6, Activation.MaxMin), [10L]),
            "orthogonal-widening" => (new OrthogonalLinear(6, 10, Activation.ReLU), [6L]),
            "sandwich-conv" => (new SandwichConv2d(2, 3, 6, 3, 1, Activation.ReLU), [2L, 6, 6]),
            "sandwich-conv-stride2" => (new SandwichConv2d(2, 4, 8, 3, 2, Activation.ClippedReLU), [2L, 8, 8]),
            "orthogonal-conv" => (new OrthogonalConv2d(4, 2, 6, 3, 1, Activation.MaxMin), [4L, 6, 6]),
            "orthogonal-conv-widening-stride2" => (new OrthogonalConv2d(1, 8, 8, 5, 2, Activation.GroupSort), [1L, 8, 8]),
            "sandwich-linear" => (new SandwichLinear(8, 3), [8L]),
            "sandwich-conv-linear-stride2" => (new SandwichConvLinear(2, 3, 8, 3, 2), [2L, 8, 8]),
            "aol" => (new AolLinear(7, 6, Activation.MaxMin), [7L]),
            "sandwich-linear-ab" => (new SandwichLinear(8, 3, SandwichForm.AB), [8L]),
            "sandwich-conv-linear-ab" => (new SandwichConvLinear(3, 2, 6, 3, 1, SandwichForm.AB), [3L, 6, 6]),
            "aol-conv" => (new AolConv2d(2, 3, 3, Activation.ReLU), [2L, 6, 6]),
            "aol-conv-k1" => (new AolConv2d(3, 4, 1, Activation.Tanh), [3L, 5, 7]),
            "aol-conv-k5" => (new AolConv2d(2, 2, 5, Activation.MaxMin), [2L, 5, 4]),
            "sll" => (new SllLinear(6, 9, Activation.ReLU), [6L]),
            "sll-clipped" => (new SllLinear(5, 4, Activation.ClippedReLU), [5L]),
            "sll-conv" => (new SllConv2d(2, 3, 3, Activation.ReLU), [2L, 6, 6]),
            "sll-conv-k1" => (new SllConv2d(3, 2, 1, Activation.Sigmoid), [3L, 4, 5]),
            "sll-conv-k5" => (new SllConv2d(2, 4, 5, Activation.LeakyReLU), [2L, 7, 5]),
            "dense-clipped" => (new DenseLayer(8, 6, 0.7, Activation.ClippedReLU), [8L]),
            "orthogonal-groupsort" => (new OrthogonalLinear(8, 8, Activation.GroupSort), [8L]),
            "clipped-relu" => (new LipschitzActivation(Activation.ClippedReLU, 5), [5L]),
            "scale" => (new LipschitzScale(0.75), [4L]),
            "flatten" => (new Flatten(), [2L, 3, 3]),
            "avgpool" => (new AvgPool(2), [2L, 4, 4]),
            "space-to-depth" => (new SpaceToDepth(), [2L, 4, 4]),
            "sequential" => (new LipschitzSequential(
                [6], new LipschitzScale(1.5), new SandwichLayer(6, 5), new OrthogonalLinear(5, 4), new SandwichLinear(4, 2)), [6L]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind"),
        };
        if (scale > 0)
        {
            NetworkFactory.Randomise(built.Module, scale);
        }

        built.Module.eval();
        return built;
    }

    public static Tensor Inputs(long[] shape, int seed)
    {
        using var generator = new Generator((ulong)seed);
        return randn([16, .. shape], generator: generator);
    }
}
