using Lbdn.Cli.Experiments;

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
