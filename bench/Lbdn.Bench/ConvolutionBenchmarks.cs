using BenchmarkDotNet.Attributes;
using Lbdn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Bench;

/// <summary>A 32-channel 32 x 32 layer at batch 64: sandwich convolution (training-mode forward, frozen forward) vs. a plain Conv2d.</summary>
public class ConvolutionBenchmarks
{
    private nn.Module<Tensor, Tensor> plain = null!;
    private SandwichConv2d sandwich = null!;
    private nn.Module<Tensor, Tensor> frozen = null!;
    private Tensor images = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(0);
        plain = nn.Sequential(nn.Conv2d(32, 32, 3, padding: 1, padding_mode: PaddingModes.Circular), nn.ReLU());
        sandwich = new SandwichConv2d(32, 32, 32, 3);
        frozen = sandwich.Freeze();
        images = rand(64, 32, 32, 32);
    }

    [Benchmark(Baseline = true)]
    public void PlainConv2d() => Run(plain);

    [Benchmark]
    public void SandwichConvTraining() => Run(sandwich);

    [Benchmark]
    public void SandwichConvFrozen() => Run(frozen);

    private void Run(nn.Module<Tensor, Tensor> network)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        network.call(images);
    }
}
