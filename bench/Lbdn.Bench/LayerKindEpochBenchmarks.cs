using BenchmarkDotNet.Attributes;
using Lbdn.Data;
using Lbdn.Layers;
using Lbdn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Bench;

/// <summary>
/// Training cost per epoch of the four 1-Lipschitz layer kinds of the LBDN comparison (Table 2) on MNIST-sized networks of
/// the widths 784-190-190-128-10, against the plain MLP of the same widths: one epoch over the first 10 240 MNIST training
/// images (40 batches of 256, Adam, LBDN schedule, cross-entropy, one TorchSharp thread). A full epoch is 5.9 times as many
/// steps of the same cost, so the ratios are those of full epochs.
/// </summary>
public class LayerKindEpochBenchmarks
{
    private const int Images = 10_240;
    private Tensor images = null!;
    private Tensor labels = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        using var train = Dataset.Load(DatasetName.Mnist, DatasetSplit.Train, flatten: true);
        images = train.Images[..Images].clone();
        labels = train.Labels[..Images].clone();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        images.Dispose();
        labels.Dispose();
        torch.set_num_threads(Environment.ProcessorCount);
    }

    [Benchmark(Baseline = true)]
    public void PlainMlp() => Epoch(MnistNetworks.Mlp());

    [Benchmark]
    public void Sandwich() => Epoch(MnistNetworks.Sandwich());

    [Benchmark]
    public void Orthogonal() => Epoch(Chain(
        new OrthogonalLinear(784, 190, Activation.ReLU), new OrthogonalLinear(190, 190, Activation.ReLU),
        new OrthogonalLinear(190, 128, Activation.ReLU), new OrthogonalLinear(128, 10, Activation.Identity)));

    [Benchmark]
    public void Aol() => Epoch(Chain(
        new AolLinear(784, 190), new AolLinear(190, 190), new AolLinear(190, 128), new AolLinear(128, 10, Activation.Identity)));

    // SLL layers keep their width: an AOL map in, residual layers of width 190 with 190, 190 and 128 neurons, an AOL map out.
    [Benchmark]
    public void Sll() => Epoch(Chain(
        new AolLinear(784, 190, Activation.Identity), new SllLinear(190, 190), new SllLinear(190, 190), new SllLinear(190, 128),
        new AolLinear(190, 10, Activation.Identity)));

    private static LipschitzSequential Chain(params nn.Module<Tensor, Tensor>[] stages)
    {
        return new LipschitzSequential([784], stages);
    }

    private void Epoch(nn.Module<Tensor, Tensor> network)
    {
        using (network)
        using (var trainer = new Trainer(network, new TrainingOptions { Epochs = 1, Loss = (z, y) => nn.functional.cross_entropy(z, y) }))
        {
            trainer.Fit(images, labels);
        }
    }
}
