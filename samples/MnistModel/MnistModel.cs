using Lbdn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Samples;

/// <summary>
/// A trained MNIST classifier whose l2 Lipschitz bound is proven to be 1 (LBDN sandwich layers), with explicit frozen
/// weights embedded in this assembly. Each prediction carries the radius within which it provably cannot change.
/// </summary>
public sealed class MnistModel : IDisposable
{
    /// <summary>Pixels per image: 28 x 28.</summary>
    public const int Pixels = 784;

    private const string WeightsResource = "Lbdn.Samples.MnistModel.mnist-sandwich.frozen.bin";

    private readonly FrozenNetwork _network;

    private MnistModel(FrozenNetwork network) => _network = network;

    /// <summary>The proven l2 Lipschitz bound L of the logits.</summary>
    public double LipschitzBound => _network.LipschitzBound;

    /// <summary>
    /// Loads the embedded weights. The frozen state_dict follows the fused step structure of
    /// <c>MnistSandwich.Freeze()</c>, so that structure is built first (from any weights) and then receives the state_dict.
    /// </summary>
    public static MnistModel Load()
    {
        using var stream = typeof(MnistModel).Assembly.GetManifestResourceStream(WeightsResource)
            ?? throw new InvalidOperationException($"The embedded weights '{WeightsResource}' are missing from {typeof(MnistModel).Assembly.GetName().Name}.");
        // Unseeded: the template's weights are overwritten, and seeding would reset the caller's torch generator.
        using var template = new MnistSandwich();
        var network = template.Freeze();
        using var reader = new BinaryReader(stream);
        network.load(reader, strict: true);
        network.eval();
        return new MnistModel(network);
    }

    /// <summary>Classifies one image of 784 pixels in [0, 1], row by row.</summary>
    /// <exception cref="ArgumentException">The image does not have 784 pixels.</exception>
    public MnistPrediction Predict(float[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Length != Pixels)
            throw new ArgumentException($"An MNIST image has {Pixels} pixels, got {image.Length}.", nameof(image));
        using var tensor = torch.tensor(image, [1, Pixels]);
        return PredictBatch(tensor)[0];
    }

    /// <summary>Classifies one image (784 values in [0, 1] in any shape, e.g. [784], [28, 28] or [1, 28, 28]) as float32.</summary>
    /// <exception cref="ArgumentException">The tensor does not hold 784 values.</exception>
    public MnistPrediction Predict(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.numel() != Pixels)
            throw new ArgumentException($"An MNIST image has {Pixels} pixels, got a tensor of shape [{string.Join(", ", image.shape)}].", nameof(image));
        using var batch = image.reshape(1, Pixels);
        return PredictBatch(batch)[0];
    }

    /// <summary>Classifies a batch of shape [N, 784], float32 in [0, 1].</summary>
    public IReadOnlyList<MnistPrediction> PredictBatch(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = _network.call(images.to_type(ScalarType.Float32));
        var (top, indices) = logits.topk(2, dim: 1);
        var best = top.select(1, 0).to_type(ScalarType.Float64).data<double>().ToArray();
        var second = top.select(1, 1).to_type(ScalarType.Float64).data<double>().ToArray();
        var labels = indices.select(1, 0).data<long>().ToArray();
        // radius = (z_top - z_second) / (sqrt(2) L): each logit difference is sqrt(2) L-Lipschitz
        return [.. labels.Select((label, n) =>
        {
            var margin = best[n] - second[n];
            return new MnistPrediction((int)label, margin, margin / (Math.Sqrt(2) * LipschitzBound), LipschitzBound);
        })];
    }

    /// <inheritdoc />
    public void Dispose() => _network.Dispose();
}
