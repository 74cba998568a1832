using Lbdn.Certification;
using Lbdn.Layers;
using Lbdn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Cli.Experiments;

/// <summary>Settings of the LBDN toy problem (Wang and Manchester 2023, section 6.1).</summary>
/// <param name="Gamma">The network's Lipschitz bound.</param>
/// <param name="Epochs">Training epochs (200 in the paper).</param>
/// <param name="Depth">Hidden sandwich layers (8).</param>
/// <param name="Width">Their width; null: the reference code's choice, 86 for sandwich layers and 128 for the others.</param>
/// <param name="BatchSize">Mini-batch size (50).</param>
/// <param name="LearningRate">Peak of the LBDN learning-rate schedule (Adam); 0.02 fits the steep steps best (0.01: 91.5 % tightness at gamma 10, 0.02: 94.7 %).</param>
/// <param name="Seed">Seed of data, initialisation and shuffling.</param>
/// <param name="Layer">The layer kind of the hidden layers (sandwich in the paper's headline row).</param>
public sealed record SquareWaveOptions(
    double Gamma = 1.0, int Epochs = 200, int Depth = 8, int? Width = null, int BatchSize = 50, double LearningRate = 0.02, long Seed = 0,
    SquareWaveLayer Layer = SquareWaveLayer.Sandwich)
{
    /// <summary>The hidden width used: <see cref="Width"/>, or 86 for sandwich layers and 128 for the others (as the reference code).</summary>
    public int HiddenWidth => Width ?? (Layer == SquareWaveLayer.Sandwich ? 86 : 128);
}

/// <summary>The outcome of one toy run.</summary>
/// <param name="Gamma">The certified bound.</param>
/// <param name="TrainLoss">Final training MSE.</param>
/// <param name="TestLoss">Test MSE.</param>
/// <param name="EmpiricalLipschitz">The largest observed slope (gradient ascent over input pairs), a lower bound.</param>
/// <param name="Seconds">Wall-clock time of training.</param>
public sealed record SquareWaveResult(double Gamma, double TrainLoss, double TestLoss, double EmpiricalLipschitz, double Seconds)
{
    /// <summary>Empirical Lipschitz constant over the certified bound: 1 means the bound is attained.</summary>
    public double Tightness => EmpiricalLipschitz / Gamma;

    /// <summary>The trained network's output at <see cref="SquareWave.CurvePoints"/> evenly spaced x in [-2, 2], for plotting.</summary>
    public (double[] X, double[] Y) FittedCurve { get; init; } = ([], []);
}

/// <summary>
/// The LBDN toy problem: fit the square wave y = 1 if x &lt;= -1 or 0 &lt; x &lt;= 1, else 0, on x ~ U[-2, 2]
/// (300 training and 200 test points) with a gamma-Lipschitz sandwich network, then measure how much of gamma it uses.
/// </summary>
public static class SquareWave
{
    /// <summary>The number of points of <see cref="SquareWaveResult.FittedCurve"/>.</summary>
    public const int CurvePoints = 401;

    /// <summary><paramref name="count"/> points x ~ U[-2, 2] with their square-wave targets, in float64.</summary>
    public static (Tensor X, Tensor Y) Sample(int count, long seed)
    {
        using var generator = new Generator((ulong)seed);
        var x = (rand([count, 1], dtype: ScalarType.Float64, generator: generator) * 4) - 2;
        var y = ((x <= -1) | ((x > 0) & (x <= 1))).to_type(ScalarType.Float64);
        return (x, y);
    }

    /// <summary>sqrt(gamma) scale, the hidden layers of <see cref="SquareWaveOptions.Layer"/>, a linear output layer, sqrt(gamma) scale: bound gamma.</summary>
    public static LipschitzSequential Network(SquareWaveOptions options)
    {
        manual_seed(options.Seed);
        var stages = new List<nn.Module<Tensor, Tensor>> { new LipschitzScale(Math.Sqrt(options.Gamma)) };
        stages.AddRange(SquareWaveNetworks.Hidden(options.Layer, options.Depth, options.HiddenWidth));
        stages.Add(new LipschitzScale(Math.Sqrt(options.Gamma)));
        return new LipschitzSequential([1], [.. stages]);
    }

    /// <summary>Trains with MSE, Adam and the LBDN learning-rate schedule, then measures the empirical Lipschitz constant on [-2, 2].</summary>
    public static SquareWaveResult Run(SquareWaveOptions options, IProgress<TrainingProgress>? progress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (trainX, trainY) = Sample(300, options.Seed);
        var (testX, testY) = Sample(200, options.Seed + 1);
        using var network = Network(options);
        var training = new TrainingOptions
        {
            Epochs = options.Epochs,
            BatchSize = options.BatchSize,
            PeakLearningRate = options.LearningRate,
            Seed = (int)options.Seed,
            Loss = (prediction, target) => nn.functional.mse_loss(prediction, target),
        };
        using var trainer = new Trainer(network, training);
        var history = trainer.Fit(trainX, trainY, progress: progress);
        clock.Stop();

        network.eval();
        double testLoss;
        (double[] X, double[] Y) curve;
        using (no_grad())
        {
            using var prediction = network.call(testX);
            testLoss = nn.functional.mse_loss(prediction, testY).ToDouble();
            using var x = linspace(-2, 2, CurvePoints, dtype: ScalarType.Float64).unsqueeze(1);
            using var y = network.call(x);
            curve = (x.data<double>().ToArray(), y.data<double>().ToArray());
        }

        var empirical = EmpiricalLipschitz.LowerBound(
            network, [1], new EmpiricalLipschitzOptions(Restarts: 256, Steps: 300, LearningRate: 0.01, Low: -2, High: 2, Seed: options.Seed));
        return new SquareWaveResult(options.Gamma, history[^1].TrainLoss, testLoss, empirical, clock.Elapsed.TotalSeconds) { FittedCurve = curve };
    }
}
