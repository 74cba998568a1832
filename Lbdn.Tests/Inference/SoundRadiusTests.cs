using Lbdn.Certification;
using Lbdn.Data;
using Lbdn.Inference;
using Lbdn.Layers;
using Lbdn.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lbdn.Tests.Inference;

/// <summary>
/// The radius Lbdn.Inference reports never exceeds the float64 certified radius of Lbdn.Runtime: on the full MNIST test
/// set with a briefly trained mnist-sandwich network, and on adversarial inputs (huge magnitudes, near-ties).
/// </summary>
[Integration]
public sealed class SoundRadiusTests(ITestOutputHelper output)
{
    private static readonly Lazy<(LipschitzSequential Network, LbdnModel Model)> Trained = new(Train);

    [Fact]
    public void Radius_never_exceeds_the_runtime_float64_radius_on_the_MNIST_test_set()
    {
        var (network, model) = Trained.Value;
        using var test = Dataset.Load(DatasetName.Mnist, DatasetSplit.Test, flatten: true);
        var (certified, correct) = (0, 0);
        var certifiable = CertifiableNetwork.Of(network);
        using var z = certifiable.Logits(test.Images);
        var radii = InferenceModels.RuntimeRadii(z, certifiable.GlobalBound, certifiable.Last);
        using var labels = test.Labels.to_type(ScalarType.Int64);
        var truth = labels.data<long>().ToArray();
        var predictions = model.PredictBatch(test.Images.contiguous().data<float>().ToArray(), (int)test.Count);
        for (var s = 0; s < predictions.Count; s++)
        {
            Assert.True(predictions[s].CertifiedRadius <= radii[s], $"image {s}: radius {predictions[s].CertifiedRadius:R} > runtime {radii[s]:R}");
            correct += predictions[s].Label == truth[s] ? 1 : 0;
            certified += predictions[s].Label == truth[s] && predictions[s].CertifiedRadius >= 0.5 ? 1 : 0;
        }

        using var atHalf = GlobalCertificate.Certified(z, certifiable.GlobalBound, 0.5, certifiable.Last);
        using var right = z.argmax(1).eq(test.Labels);
        var runtimeCertified = (atHalf & right).sum().ToInt64();
        output.WriteLine($"clean {correct / 10000.0:P2}; certified at 0.5: inference {certified}, runtime {runtimeCertified}");
        Assert.True(correct > 8500, $"clean accuracy {correct / 10000.0:P2}");
        Assert.Equal(runtimeCertified, certified);
    }

    [Fact]
    public void Radius_stays_below_the_runtime_radius_on_huge_and_near_tie_inputs()
    {
        var (network, model) = Trained.Value;
        using var test = Dataset.Load(DatasetName.Mnist, DatasetSplit.Test, flatten: true);
        var inputs = Adversarial(model, test.Images).ToList();
        var certifiable = CertifiableNetwork.Of(network);
        using var batch = stack([.. inputs.Select(x => tensor(x))]);
        using var z = certifiable.Logits(batch);
        var radii = InferenceModels.RuntimeRadii(z, certifiable.GlobalBound, certifiable.Last);
        for (var s = 0; s < inputs.Count; s++)
        {
            var prediction = model.Predict(inputs[s]);
            Assert.True(double.IsFinite(prediction.CertifiedRadius) && prediction.CertifiedRadius >= 0);
            Assert.True(prediction.CertifiedRadius <= radii[s], $"input {s}: radius {prediction.CertifiedRadius:R} > runtime {radii[s]:R}");
            if (prediction.CertifiedRadius > 0)
            {
                using var certified = GlobalCertificate.Certified(z[s].unsqueeze(0), certifiable.GlobalBound, prediction.CertifiedRadius, certifiable.Last);
                Assert.True(certified.ToBoolean(), $"input {s}: the runtime does not certify radius {prediction.CertifiedRadius:R}");
            }
        }
    }

    private static IEnumerable<float[]> Adversarial(LbdnModel model, Tensor images)
    {
        var a = InferenceModels.Row(images, 0);
        var b = InferenceModels.Row(images, 1);
        foreach (var magnitude in new[] { 1e10f, 1e20f, 1e30f, 3e38f })
        {
            yield return [.. a.Select(v => v * magnitude)];
            yield return [.. a.Select((v, i) => i % 2 == 0 ? magnitude : -magnitude)];
        }

        yield return new float[a.Length];
        // Near-ties: bisect along the segment from a to b, whose ends are predicted differently, to the decision boundary.
        var (low, high) = (0.0, 1.0);
        var labelA = model.Predict(a).Label;
        Assert.NotEqual(labelA, model.Predict(b).Label);
        for (var step = 0; step < 60; step++)
        {
            var middle = (low + high) / 2;
            if (model.Predict(Mix(a, b, middle)).Label == labelA)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        yield return Mix(a, b, low);
        yield return Mix(a, b, high);
    }

    private static float[] Mix(float[] a, float[] b, double t) => [.. a.Select((v, i) => (float)(((1 - t) * v) + (t * b[i])))];

    private static (LipschitzSequential, LbdnModel) Train()
    {
        using var train = Dataset.Load(DatasetName.Mnist, DatasetSplit.Train, flatten: true);
        using var images = train.Images.narrow(0, 0, 6000);
        using var labels = train.Labels.narrow(0, 0, 6000);
        var network = InferenceModels.MnistSandwich(seed: 7);
        using (var trainer = new Trainer(network, new TrainingOptions { Epochs = 2, BatchSize = 128, Seed = 3 }))
        {
            trainer.Fit(images, labels);
        }

        network.eval();
        return (network, InferenceModels.Load(network, "MnistSandwich"));
    }
}
