using BenchmarkDotNet.Attributes;
using Lbdn.Export;
using Lbdn.Inference;
using Lbdn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Bench;

/// <summary>
/// The shipped 784-190-190-128-10 sandwich model: Lbdn.Inference (float64 logits and sound radius) against the TorchSharp
/// frozen network (float32, logits only) with one intra-op thread, at batch 1 and 256, and loading the .safetensors file.
/// </summary>
public class ShippedModelBenchmarks
{
    private FrozenNetwork frozen = null!;
    private LbdnModel model = null!;
    private Tensor batch = null!;
    private Tensor single = null!;
    private float[] images = null!;
    private string path = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        manual_seed(0);
        var network = MnistNetworks.Sandwich();
        network.eval();
        frozen = FrozenNetwork.From(network);
        path = Path.Combine(Path.GetTempPath(), "lbdn-bench-mnist-sandwich.safetensors");
        FrozenModelWriter.Write(network, path, "MnistSandwich");
        model = LbdnModel.Load(path);
        batch = rand(256, 784);
        single = batch.narrow(0, 0, 1).contiguous();
        images = batch.data<float>().ToArray();
    }

    [Benchmark(Baseline = true)]
    public void TorchFrozenBatch256() => Run(batch);

    [Benchmark]
    public IReadOnlyList<Prediction> InferenceBatch256() => model.PredictBatch(images, 256);

    [Benchmark]
    public void TorchFrozenSingle() => Run(single);

    [Benchmark]
    public Prediction InferencePredictSingle() => model.Predict(images.AsSpan(0, 784));

    [Benchmark]
    public LbdnModel InferenceLoad() => LbdnModel.Load(path);

    private void Run(Tensor input)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        frozen.call(input);
    }
}
