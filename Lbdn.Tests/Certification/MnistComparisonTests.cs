using System.Diagnostics;
using Lbdn.Certification;
using Lbdn.Data;
using Lbdn.Layers;
using Lbdn.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Lbdn.Tests.Certification;

/// <summary>
/// The comparison on real MNIST at eps = 1.58: a briefly trained sandwich network and a Local-Lip style
/// Dense + clipped-ReLU network, certified globally and locally on 1000 test images.
/// </summary>
[Integration]
public sealed class MnistComparisonTests(ITestOutputHelper output)
{
    private const double Eps = 1.58;

    public static TheoryData<string> Kinds => new() { "sandwich", "dense-clipped" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Local_certificates_certify_at_least_as_many_MNIST_digits_as_global_ones(string kind)
    {
        var clock = Stopwatch.StartNew();
        using var train = Dataset.Load(DatasetName.Mnist, DatasetSplit.Train, flatten: true);
        using var test = Dataset.Load(DatasetName.Mnist, DatasetSplit.Test, flatten: true);
        using var trainImages = train.Images.narrow(0, 0, 10000);
        using var trainLabels = train.Labels.narrow(0, 0, 10000);
        using var testImages = test.Images.narrow(0, 0, 1000);
        using var testLabels = test.Labels.narrow(0, 0, 1000);
        using var network = Network(kind);
        using (var trainer = new Trainer(network, new TrainingOptions { Epochs = 2, BatchSize = 128, Seed = 3 }))
        {
            trainer.Fit(trainImages, trainLabels);
        }

        var trained = clock.Elapsed;

        var report = CertificationReport.Run(network, testImages, testLabels, [Eps], new CertificationOptions(BatchSize: 250, Pgd: new PgdOptions(Steps: 20, Restarts: 1)))[0];

        output.WriteLine($"{kind}: clean {report.CleanAccuracy:P1}, certified global {report.CertifiedGlobal:P1}, certified local {report.CertifiedLocal:P1}, PGD {report.PgdAccuracy:P1} at eps {Eps}; training {trained.TotalSeconds:F1} s, certification {report.Time.TotalSeconds:F1} s");
        Assert.True(report.CleanAccuracy > 0.85, $"clean accuracy {report.CleanAccuracy}");
        Assert.True(report.CertifiedLocal >= report.CertifiedGlobal);
        Assert.True(report.PgdAccuracy >= report.CertifiedLocal);
    }

    private static LipschitzSequential Network(string kind)
    {
        manual_seed(11);
        return kind == "sandwich"
            ? new LipschitzSequential(
                [784],
                new SandwichLayer(784, 128, Activation.ReLU),
                new SandwichLayer(128, 128, Activation.ReLU),
                new SandwichLinear(128, 10))
            : new LipschitzSequential(
                [784],
                new DenseLayer(784, 128, 1.0, Activation.ClippedReLU),
                new DenseLayer(128, 128, 1.0, Activation.ClippedReLU),
                new DenseLayer(128, 10, 1.0, Activation.Identity));
    }
}
