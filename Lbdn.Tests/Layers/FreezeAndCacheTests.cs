using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

public sealed class FreezeAndCacheTests
{
    [Fact]
    public void The_frozen_network_equals_the_live_one_in_float32()
    {
        manual_seed(8);
        using var network = new LipschitzSequential(
            [20],
            new LipschitzScale(2),
            new SandwichLayer(20, 16, Activation.ReLU),
            new SandwichLayer(16, 16, Activation.ClippedReLU),
            new OrthogonalLinear(16, 12, Activation.MaxMin),
            new DenseLayer(12, 10, 1.0, Activation.Tanh),
            new SandwichLayer(10, 8, Activation.Sigmoid),
            new SandwichLinear(8, 4),
            new LipschitzScale(2));
        NetworkFactory.Randomise(network, 0.5);
        network.eval();
        using var frozen = FrozenNetwork.From(network);
        using var x = randn(64, 20);

        using var live = network.call(x);
        using var fast = frozen.call(x);

        Assert.True((live - fast).abs().max().ToDouble() < 1e-5);
        Assert.Equal(network.LipschitzBound, frozen.LipschitzBound);
        Assert.Empty(frozen.parameters());
    }

    [Fact]
    public void Freezing_fuses_sandwich_stacks_into_one_matrix_per_layer()
    {
        using var network = new LipschitzSequential(
            [784], new LipschitzScale(1), new SandwichLayer(784, 190), new SandwichLayer(190, 128), new SandwichLinear(128, 10), new LipschitzScale(1));
        using var frozen = FrozenNetwork.From(network);
        Assert.Equal(["FrozenLinear", "LipschitzActivation.ReLU", "FrozenLinear", "LipschitzActivation.ReLU", "FrozenLinear"], frozen.Steps.Select(s => s.GetName()));
        Assert.Equal([190L, 784], ((FrozenLinear)frozen.Steps[0]).Weight.shape);
        Assert.Equal([10L, 128], ((FrozenLinear)frozen.Steps[4]).Weight.shape);
    }

    [Fact]
    public void Nested_networks_freeze_into_one_flat_fused_network()
    {
        manual_seed(9);
        using var inner = new LipschitzSequential([6], new SandwichLayer(6, 5), new SandwichLinear(5, 3));
        using var outer = new LipschitzSequential([6], inner, new LipschitzScale(2));
        outer.eval();
        using var frozen = FrozenNetwork.From(outer);
        using var x = randn(4, 6);

        Assert.DoesNotContain(frozen.Steps, s => s is FrozenNetwork or FrozenSequence);
        Assert.Equal(3, frozen.Steps.Count);
        Assert.True((frozen.call(x) - outer.call(x)).abs().max().ToDouble() < 1e-5);
    }

    [Fact]
    public void Every_parameter_exists_right_after_construction()
    {
        using var layer = new SandwichLayer(5, 3, Activation.ClippedReLU);
        var names = layer.named_parameters().Select(p => p.name).ToList();
        Assert.Equal(["weight", "alpha", "psi", "bias", "activation.theta"], names);
    }

    [Fact]
    public void In_training_mode_the_transform_follows_every_optimiser_step()
    {
        manual_seed(1);
        using var layer = new SandwichLayer(4, 4);
        using var optimizer = optim.Adam(layer.parameters(), 0.1);
        using var x = randn(8, 4);
        layer.train();
        for (var step = 0; step < 3; step++)
        {
            optimizer.zero_grad();
            layer.call(x).pow(2).sum().backward();
            optimizer.step();
            using var afterStep = layer.call(x);
            layer.eval();
            using var reference = FrozenNetwork.From(1, [4], layer.Freeze()).call(x);
            layer.train();
            Assert.True((afterStep - reference).abs().max().ToDouble() < 1e-6, $"step {step}: stale transform");
        }
    }

    [Fact]
    public void In_eval_mode_the_cache_is_reused_until_a_parameter_changes()
    {
        manual_seed(2);
        using var layer = new SandwichLayer(4, 3);
        layer.eval();
        var first = layer.Factors().A;
        Assert.Same(first, layer.Factors().A);

        using (no_grad())
        {
            layer.named_parameters().First(p => p.name == "weight").parameter.add_(0.5);
        }

        var second = layer.Factors().A;
        Assert.NotSame(first, second);
        using var frozenA = layer.Freeze();
        Assert.True((((FrozenLinear)((FrozenSequence)frozenA).Steps[2]).Weight - (Math.Sqrt(2) * second.mT * layer.Psi().unsqueeze(0))).abs().max().ToDouble() < 1e-6);
    }

    [Fact]
    public void Converting_the_dtype_in_eval_mode_recomputes_the_cached_transform()
    {
        manual_seed(12);
        using var layer = new SandwichLayer(4, 3);
        layer.eval();
        using var x = randn(2, 4);
        using var single = layer.call(x);
        layer.to(ScalarType.Float64);
        using var x64 = x.to_type(ScalarType.Float64);
        using var dual = layer.call(x64);
        Assert.Equal(ScalarType.Float64, layer.Factors().A.dtype);
        Assert.True((dual - single.to_type(ScalarType.Float64)).abs().max().ToDouble() < 1e-5);
    }

    [Fact]
    public void State_dict_round_trips_through_a_file()
    {
        manual_seed(3);
        using var network = NetworkFactory.EveryDenseKind(2.0);
        NetworkFactory.Randomise(network, 0.7);
        network.eval();
        manual_seed(4);
        using var copy = NetworkFactory.EveryDenseKind(2.0);
        copy.eval();
        using var x = randn([5, 6], dtype: ScalarType.Float64);
        var path = Path.Combine(Path.GetTempPath(), $"lbdn-{Guid.NewGuid():N}.bin");
        try
        {
            using var before = copy.call(x);
            network.save(path);
            copy.load(path);
            using var expected = network.call(x);
            using var actual = copy.call(x);
            Assert.True((expected - before).abs().max().ToDouble() > 1e-3, "different seeds must give different networks");
            Assert.True((expected - actual).abs().max().ToDouble() < 1e-12);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_wrong_input_width_names_the_layer_and_both_shapes()
    {
        using var layer = new SandwichLayer(4, 3);
        using var x = zeros(2, 5);
        var error = Assert.Throws<ArgumentException>(() => layer.call(x));
        Assert.Contains("SandwichLayer expects input of shape [batch, 4], got [2, 5]", error.Message);
    }

    [Fact]
    public void MaxMin_inside_a_sandwich_layer_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new SandwichLayer(4, 4, Activation.MaxMin));
        Assert.Contains("slope in [0, 1]", error.Message);
    }
}
