using Lbdn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Bench;

/// <summary>The LBDN MNIST architecture 784-190-190-128-10 as a sandwich network and as a plain MLP of the same widths.</summary>
internal static class MnistNetworks
{
    public static readonly long[] Widths = [784, 190, 190, 128, 10];

    public static LipschitzSequential Sandwich(double gamma = 1.0)
    {
        var stages = new List<nn.Module<Tensor, Tensor>> { new LipschitzScale(Math.Sqrt(gamma)) };
        for (var i = 0; i < Widths.Length - 2; i++)
        {
            stages.Add(new SandwichLayer(Widths[i], Widths[i + 1]));
        }

        stages.Add(new SandwichLinear(Widths[^2], Widths[^1]));
        stages.Add(new LipschitzScale(Math.Sqrt(gamma)));
        return new LipschitzSequential([Widths[0]], [.. stages]);
    }

    public static nn.Module<Tensor, Tensor> Mlp()
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i < Widths.Length - 1; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(Widths[i], Widths[i + 1])));
            if (i < Widths.Length - 2)
            {
                layers.Add(($"relu{i}", nn.ReLU()));
            }
        }

        return nn.Sequential(layers);
    }
}
