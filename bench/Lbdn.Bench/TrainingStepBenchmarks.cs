using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Bench;

/// <summary>One Adam step (forward, backward, update) at batch 256: sandwich network vs. a plain MLP of the same widths.</summary>
[MemoryDiagnoser(false)]
public class TrainingStepBenchmarks
{
    private nn.Module<Tensor, Tensor> mlp = null!;
    private nn.Module<Tensor, Tensor> sandwich = null!;
    private optim.Optimizer mlpOptimizer = null!;
    private optim.Optimizer sandwichOptimizer = null!;
    private Tensor images = null!;
    private Tensor labels = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(0);
        mlp = MnistNetworks.Mlp();
        sandwich = MnistNetworks.Sandwich();
        mlpOptimizer = optim.Adam(mlp.parameters(), 1e-3);
        sandwichOptimizer = optim.Adam(sandwich.parameters(), 1e-3);
        images = rand(256, 784);
        labels = randint(0, 10, [256]);
    }

    [Benchmark(Baseline = true)]
    public void PlainMlp() => Step(mlp, mlpOptimizer);

    [Benchmark]
    public void SandwichNetwork() => Step(sandwich, sandwichOptimizer);

    private void Step(nn.Module<Tensor, Tensor> network, optim.Optimizer optimizer)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        nn.functional.cross_entropy(network.call(images), labels).backward();
        optimizer.step();
    }
}
