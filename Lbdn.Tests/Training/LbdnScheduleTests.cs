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

    [Fact]
    public void Apply_sets_every_parameter_group_of_the_optimizer()
    {
        using var linear = nn.Linear(3, 2);
        using var adam = optim.Adam(linear.parameters(), 0.123);

        var rate = new LbdnSchedule(0.01, 10).Apply(adam, 2);

        Assert.Equal(0.005, rate, 12);
        Assert.All(adam.ParamGroups, group => Assert.Equal(0.005, group.LearningRate, 12));
    }

    [Fact]
    public void Zero_steps_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LbdnSchedule(0.01, 0));
    }
}
