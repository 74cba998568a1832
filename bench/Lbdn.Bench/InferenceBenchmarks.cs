using BenchmarkDotNet.Attributes;
using Lbdn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Bench;

/// <summary>Inference at batch 256: the frozen sandwich network and the live one (eval mode, cached transform) vs. a plain MLP.</summary>
public class InferenceBenchmarks
{
    private nn.Module<Tensor, Tensor> mlp = null!;
    private nn.Module<Tensor, Tensor> live = null!;
    private FrozenNetwork frozen = null!;
    private Tensor images = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(0);
        mlp = MnistNetworks.Mlp();
        var sandwich = MnistNetworks.Sandwich();
        sandwich.eval();
        live = sandwich;
        frozen = FrozenNetwork.From(sandwich);
        images = rand(256, 784);
    }

    [Benchmark(Baseline = true)]
    public void PlainMlp() => Run(mlp);

    [Benchmark]
    public void FrozenSandwich() => Run(frozen);

    [Benchmark]
    public void LiveSandwichEval() => Run(live);

    private void Run(nn.Module<Tensor, Tensor> network)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        network.call(images);
    }
}
