using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lbdn.Tests.Training;

/// <summary>
/// A two-class problem in the plane (class 1 when x0 + x1 > 0) and a small MLP, both drawn from their own seeded
/// generators so that tests never depend on torch's global random state.
/// </summary>
internal static class TinyProblem
{
    public static (Tensor Inputs, Tensor Labels) Data(int count, ulong seed)
    {
        using var generator = new torch.Generator(seed);
        var inputs = randn([count, 2], generator: generator);
        var labels = (inputs[.., 0] + inputs[.., 1]).gt(0).to_type(ScalarType.Int64);
        return (inputs, labels);
    }

    public static Sequential Mlp(ulong seed)
    {
        var model = nn.Sequential(("fc1", nn.Linear(2, 16)), ("relu", nn.ReLU()), ("fc2", nn.Linear(16, 2)));
        using var generator = new torch.Generator(seed);
        using var noGrad = no_grad();
        foreach (var parameter in model.parameters())
        {
            using var fresh = randn(parameter.shape, generator: generator).mul_(0.5);
            parameter.copy_(fresh);
        }
        return model;
    }

    public static void AssertSameWeights(nn.Module expected, nn.Module actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys, b.Keys);
        foreach (var key in a.Keys)
        {
            Assert.True(a[key].shape.SequenceEqual(b[key].shape) && a[key].eq(b[key]).all().item<bool>(), $"parameter {key} differs");
        }
    }
}
