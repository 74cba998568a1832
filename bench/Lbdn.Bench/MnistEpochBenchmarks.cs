using BenchmarkDotNet.Attributes;
using Lbdn.Data;
using Lbdn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Bench;

/// <summary>One training epoch over the 60 000 MNIST images (batch 256, Adam, LBDN schedule): sandwich network vs. plain MLP.</summary>
public class MnistEpochBenchmarks
{
    private Dataset train = null!;

    /// <summary>TorchSharp intra-op threads; the CLI trains with one.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        train = Dataset.Load(DatasetName.Mnist, DatasetSplit.Train, flatten: true);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        train.Dispose();
        torch.set_num_threads(Environment.ProcessorCount);
    }

    [Benchmark(Baseline = true)]
    public void PlainMlpEpoch() => Epoch(MnistNetworks.Mlp());

    [Benchmark]
    public void SandwichEpoch() => Epoch(MnistNetworks.Sandwich());

    private void Epoch(nn.Module<Tensor, Tensor> network)
    {
        using (network)
        using (var trainer = new Trainer(network, new TrainingOptions { Epochs = 1, Loss = (z, y) => nn.functional.cross_entropy(z, y) }))
        {
            trainer.Fit(train.Images, train.Labels);
        }
    }
}
