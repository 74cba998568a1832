using BenchmarkDotNet.Attributes;
using Lbdn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Bench;

/// <summary>
/// One image through the frozen MNIST sandwich network (what a single prediction costs), with one intra-op thread (the
/// CLI's default) against one per core (TorchSharp's default); compare the two Threads rows of the same run.
/// </summary>
public class SingleImageInferenceBenchmarks
{
    private FrozenNetwork frozen = null!;
    private Tensor image = null!;

    /// <summary>TorchSharp intra-op threads, process-wide.</summary>
    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    public static IEnumerable<int> ThreadCounts => [1, Environment.ProcessorCount];

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(Threads);
        manual_seed(0);
        var sandwich = MnistNetworks.Sandwich();
        sandwich.eval();
        frozen = FrozenNetwork.From(sandwich);
        image = rand(1, 784);
    }

    [GlobalCleanup]
    public void Cleanup() => torch.set_num_threads(Environment.ProcessorCount);

    [Benchmark]
    public void FrozenSandwichOneImage()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        frozen.call(image);
    }
}
