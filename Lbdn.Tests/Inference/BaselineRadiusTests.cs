using Lbdn.Certification;
using Lbdn.Layers;
using Lbdn.Tests.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Inference;

/// <summary>
/// The radius Lbdn.Inference reports for networks of zero-padded AOL convolutions and SLL residuals (dense and conv) never
/// exceeds the runtime's float64 certified radius, on huge inputs (up to 3e38), alternating signs, zero and near-ties, where
/// the rounding-error bounds of ConvStep and SllStep decide.
/// </summary>
public sealed class BaselineRadiusTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Radius_stays_below_the_runtime_radius_on_huge_and_near_tie_inputs(int seed)
    {
        using var _ = no_grad();
        using var network = InferenceModels.Baselines(seed);
        NetworkFactory.Randomise(network, 0.7);
        var model = InferenceModels.Load(network);
        using var generator = new Generator((ulong)(20 + seed));
        using var samples = randn([256, .. network.InputShape], generator: generator) * 4;
        var inputs = Adversarial(model, samples).ToList();
        using var wide = FrozenNetwork.From(network, ScalarType.Float64);
        using var batch = stack([.. inputs.Select(x => tensor(x).reshape(network.InputShape))]);
        using var z = wide.call(batch.to_type(ScalarType.Float64));
        using var last = LastAffine.Of(network);
        var radii = InferenceModels.RuntimeRadii(z, network.LipschitzBound, last);
        var positive = 0;
        for (var s = 0; s < inputs.Count; s++)
        {
            var prediction = model.Predict(inputs[s]);
            Assert.True(double.IsFinite(prediction.CertifiedRadius) && prediction.CertifiedRadius >= 0, $"input {s}: radius {prediction.CertifiedRadius}");
            Assert.True(prediction.CertifiedRadius <= radii[s], $"input {s}: radius {prediction.CertifiedRadius:R} > runtime {radii[s]:R}");
            positive += prediction.CertifiedRadius > 0 ? 1 : 0;
        }

        Assert.True(positive > 0, "no input is certified at all: the comparison says nothing");
    }

    private static IEnumerable<float[]> Adversarial(Lbdn.Inference.LbdnModel model, Tensor samples)
    {
        var a = InferenceModels.Row(samples, 0);
        yield return a;
        foreach (var magnitude in new[] { 1e10f, 1e20f, 1e30f, 3e38f })
        {
            yield return [.. a.Select(v => Math.Clamp(v * magnitude, -3e38f, 3e38f))];
            yield return [.. a.Select((v, i) => i % 2 == 0 ? magnitude : -magnitude)];
        }

        yield return new float[a.Length];

        // Near-ties: bisect from a towards the first sample predicted differently, to the decision boundary.
        var labelA = model.Predict(a).Label;
        var b = Enumerable.Range(1, (int)samples.shape[0] - 1).Select(r => InferenceModels.Row(samples, r)).First(x => model.Predict(x).Label != labelA);
        var (low, high) = (0.0, 1.0);
        for (var step = 0; step < 60; step++)
        {
            var middle = (low + high) / 2;
            (low, high) = model.Predict(Mix(a, b, middle)).Label == labelA ? (middle, high) : (low, middle);
        }

        yield return Mix(a, b, low);
        yield return Mix(a, b, high);
    }

    private static float[] Mix(float[] a, float[] b, double t) => [.. a.Select((v, i) => (float)(((1 - t) * v) + (t * b[i])))];
}
