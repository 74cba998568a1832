using Lbdn.Cli.Experiments;
using Lbdn.Layers;

namespace Lbdn.Tests.Cli.Experiments;

public sealed class SquareWaveTests
{
    [Fact]
    [Integration]
    public void A_trained_toy_network_uses_at_least_90_percent_of_its_bound_and_never_more()
    {
        var result = SquareWave.Run(new SquareWaveOptions(Gamma: 1.0, Epochs: 200, Seed: 1));

        Assert.True(result.Tightness <= 1 + 1e-5, $"empirical {result.EmpiricalLipschitz} exceeds gamma 1");
        Assert.True(result.Tightness >= 0.9, $"tightness {result.Tightness:P1}");
        Assert.True(result.TestLoss < 0.2, $"test MSE {result.TestLoss}");
    }

    [Theory]
    [InlineData(SquareWaveLayer.Sandwich, typeof(SandwichLayer), 86, 8)]
    [InlineData(SquareWaveLayer.Orthogonal, typeof(OrthogonalLinear), 128, 9)]
    [InlineData(SquareWaveLayer.Aol, typeof(AolLinear), 128, 9)]
    [InlineData(SquareWaveLayer.Sll, typeof(SllLinear), 128, 8)]
    public void Every_layer_kind_builds_a_network_of_bound_gamma_with_its_hidden_layers(SquareWaveLayer layer, Type kind, int width, int count)
    {
        var options = new SquareWaveOptions(Gamma: 5.0, Layer: layer);
        using var network = SquareWave.Network(options);
        using var y = network.call(TorchSharp.torch.zeros(3, 1, dtype: TorchSharp.torch.ScalarType.Float64));

        Assert.Equal(5.0, network.LipschitzBound, 12);
        Assert.Equal(width, options.HiddenWidth);
        // 8 hidden layers, plus the output layer where it is of the same kind.
        Assert.Equal(count, network.Stages.Count(stage => stage.GetType() == kind));
        Assert.Equal([3L, 1L], y.shape);
    }

    [Fact]
    public void The_targets_are_the_square_wave()
    {
        var (x, y) = SquareWave.Sample(1000, 3);
        for (var i = 0; i < 1000; i++)
        {
            var xi = x[i, 0].ToDouble();
            var expected = xi <= -1 || (xi > 0 && xi <= 1) ? 1.0 : 0.0;
            Assert.Equal(expected, y[i, 0].ToDouble());
            Assert.InRange(xi, -2, 2);
        }
    }
}
