using Lbdn.Certification;
using Lbdn.Layers;
using Lbdn.Tests.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Inference;

/// <summary>Lbdn.Inference computes what the TorchSharp frozen network computes, on every layer kind and the MNIST architectures.</summary>
public sealed class LayerEquivalenceTests
{
    public static TheoryData<string> Kinds => [.. FreezableCatalog.CayleyKinds, .. FreezableCatalog.OtherKinds, .. FreezableCatalog.BaselineKinds];

    public static TheoryData<int> Seeds => [1, 2, 3];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Inference_equals_the_frozen_network_in_float32_and_float64_and_its_radius_stays_below_the_runtime_one(string kind)
    {
        var (module, shape) = FreezableCatalog.Build(kind, seed: 5, scale: 1.0);
        using var network = new LipschitzSequential(shape, module);
        using var inputs = FreezableCatalog.Inputs(shape, seed: 6);
        AssertEquivalent(network, inputs);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Inference_equals_frozen_AOL_and_SLL_networks_of_every_baseline_kind(int seed)
    {
        using var network = InferenceModels.Baselines(seed);
        NetworkFactory.Randomise(network, 0.5 * seed);
        using var inputs = FreezableCatalog.Inputs(network.InputShape, seed: 10 + seed);
        AssertEquivalent(network, inputs);
    }

    [Fact]
    [Integration]
    public void Inference_equals_the_frozen_mnist_sandwich_and_mnist_conv_networks_on_MNIST_images()
    {
        using var test = Lbdn.Data.Dataset.Load(Lbdn.Data.DatasetName.Mnist, Lbdn.Data.DatasetSplit.Test);
        using var images = test.Images.narrow(0, 0, 200);
        using var sandwich = InferenceModels.MnistSandwich(seed: 1);
        NetworkFactory.Randomise(sandwich, 0.05);
        using var conv = InferenceModels.MnistConv(seed: 2);
        NetworkFactory.Randomise(conv, 0.2);

        using var flat = images.flatten(1);
        AssertEquivalent(sandwich, flat);
        AssertEquivalent(conv, images);
    }

    private static void AssertEquivalent(LipschitzSequential network, Tensor inputs)
    {
        using var _ = no_grad();
        var model = InferenceModels.Load(network);
        using var f32 = FrozenNetwork.From(network, ScalarType.Float32);
        using var f64 = FrozenNetwork.From(network, ScalarType.Float64);
        using var z32 = f32.call(inputs).flatten(1).to_type(ScalarType.Float64);
        using var z64 = f64.call(inputs.to_type(ScalarType.Float64)).flatten(1);
        using var last = LastAffine.Of(network);
        var radii = InferenceModels.RuntimeRadii(z64, network.LipschitzBound, last);
        var logits = new double[model.OutputCount];
        for (var s = 0; s < inputs.shape[0]; s++)
        {
            var x = InferenceModels.Row(inputs, s);
            var prediction = model.Predict(x);
            model.ComputeLogits(x, logits);
            var torch64 = z64[s].data<double>().ToArray();
            var torch32 = z32[s].data<double>().ToArray();

            Assert.True(InferenceModels.RelativeDifference(logits, torch64) < 1e-12, $"sample {s}: float64 logits differ by {InferenceModels.RelativeDifference(logits, torch64):G3}");
            Assert.True(InferenceModels.RelativeDifference([.. prediction.Logits.Select(v => (double)v)], torch32) < 1e-5, $"sample {s}: float32 logits differ");
            Assert.Equal(torch64.Index().MaxBy(p => p.Item).Index, prediction.Label);
            Assert.Equal(torch32.Index().MaxBy(p => p.Item).Index, prediction.Label);
            Assert.True(prediction.CertifiedRadius <= radii[s], $"sample {s}: radius {prediction.CertifiedRadius:R} > runtime {radii[s]:R}");
            Assert.True(prediction.CertifiedRadius >= radii[s] * 0.999 - 1e-6, $"sample {s}: radius {prediction.CertifiedRadius:R} far below runtime {radii[s]:R}");
        }
    }
}
