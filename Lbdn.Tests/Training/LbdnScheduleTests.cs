using Lbdn.Training;
using static TorchSharp.torch;

namespace Lbdn.Tests.Training;

public sealed class LbdnScheduleTests
{
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(20, 0.005)]
    [InlineData(40, 0.01)]
    [InlineData(60, 0.00525)]
    [InlineData(80, 0.0005)]
    [InlineData(90, 0.00025)]
    [InlineData(100, 0.0)]
    [InlineData(150, 0.0)]
    public void Learning_rate_follows_the_LBDN_breakpoints(long step, double expected)
    {
        var schedule = new LbdnSchedule(0.01, 100);

        Assert.Equal(expected, schedule.LearningRate(step), 12);
    }

    [Theory]
    [InlineData(0.01, 100, 0)]
    [InlineData(0.02, 37, 0)]
    [InlineData(0.02, 37, 15)]
    public void The_LambdaLR_scheduler_follows_the_hand_written_formula_at_every_step(double peak, long total, long firstStep)
    {
        using var linear = nn.Linear(3, 2);
        using var adam = optim.Adam(linear.parameters(), peak);
        var scheduler = new LbdnSchedule(peak, total).Scheduler(adam, firstStep);

        for (var step = firstStep; step <= total; step++)
        {
            Assert.All(adam.ParamGroups, group => Assert.Equal(FormerLearningRate(peak, total, step), group.LearningRate, 15));
            Assert.Equal(FormerLearningRate(peak, total, step), scheduler.get_last_lr().Single(), 15);
            scheduler.step();
        }
    }

    [Fact]
    public void An_optimizer_created_with_another_learning_rate_is_rejected()
    {
        using var linear = nn.Linear(3, 2);
        using var adam = optim.Adam(linear.parameters(), 0.123);

        var error = Assert.Throws<ArgumentException>(() => new LbdnSchedule(0.01, 10).Scheduler(adam));

        Assert.Contains("lr = 0.01", error.Message);
    }

    [Fact]
    public void Zero_steps_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LbdnSchedule(0.01, 0));
    }

    // The schedule as Lbdn wrote it by hand before LambdaLR: lr(u), u = t/T, through (0, 0), (2/5, peak), (4/5, peak/20), (1, 0).
    private static double FormerLearningRate(double peak, long total, long step)
    {
        var u = Math.Clamp((double)step / total, 0, 1);
        if (u <= 0.4)
        {
            return peak * u / 0.4;
        }

        return u <= 0.8 ? peak + (peak / 20 - peak) * (u - 0.4) / 0.4 : peak / 20 * (1 - u) / 0.2;
    }
}
