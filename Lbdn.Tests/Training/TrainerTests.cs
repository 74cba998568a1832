using Lbdn.Training;
using static TorchSharp.torch;

namespace Lbdn.Tests.Training;

public sealed class TrainerTests
{
    private static readonly TrainingOptions Options = new() { Epochs = 4, BatchSize = 32, PeakLearningRate = 0.02, Seed = 11 };

    [Fact]
    public void A_tiny_model_learns_a_tiny_problem()
    {
        var (inputs, labels) = TinyProblem.Data(512, seed: 5);
        var (testInputs, testLabels) = TinyProblem.Data(256, seed: 6);
        using var model = TinyProblem.Mlp(seed: 1);
        using var trainer = new Trainer(model, Options with { Epochs = 12 });
        var (initialLoss, _) = Evaluation.Evaluate(model, testInputs, testLabels, Options.Loss);

        var history = trainer.Fit(inputs, labels, testInputs, testLabels);

        Assert.Equal(12, history.Count);
        Assert.True(history[^1].TestLoss < 0.2 * initialLoss, $"test loss {initialLoss} -> {history[^1].TestLoss}");
        Assert.True(history[^1].TrainLoss < 0.3 * history[0].TrainLoss, $"train loss {history[0].TrainLoss} -> {history[^1].TrainLoss}");
        Assert.True(history[^1].TestAccuracy > 0.95, $"test accuracy {history[^1].TestAccuracy}");
    }

    [Fact]
    public void Clipped_relu_thresholds_stay_non_negative_after_every_step()
    {
        var (inputs, labels) = TinyProblem.Data(256, seed: 5);
        manual_seed(3);
        using var model = new Lbdn.Layers.LipschitzSequential(
            [2], new Lbdn.Layers.SandwichLayer(2, 16, Activation.ClippedReLU), new Lbdn.Layers.SandwichLinear(16, 2));
        var thresholds = model.named_parameters().Where(p => p.name.EndsWith("theta", StringComparison.Ordinal)).Select(p => p.parameter).ToList();
        using (no_grad())
        {
            thresholds.ForEach(theta => theta.fill_(0.01));
        }

        using var trainer = new Trainer(model, Options with { Epochs = 2, PeakLearningRate = 0.5 });
        var lowest = double.PositiveInfinity;
        trainer.Fit(inputs, labels, progress: new SynchronousProgress(_ => lowest = Math.Min(lowest, thresholds.Min(theta => theta.min().ToDouble()))));

        Assert.Equal(0.0, lowest);
        Assert.Contains(thresholds.SelectMany(theta => theta.data<float>().ToArray()), theta => theta == 0);
    }

    [Fact]
    public void Two_runs_with_the_same_seed_end_with_identical_weights()
    {
        var (inputs, labels) = TinyProblem.Data(200, seed: 5);
        using var first = TinyProblem.Mlp(seed: 1);
        using var second = TinyProblem.Mlp(seed: 1);
        using (var trainer = new Trainer(first, Options))
        {
            trainer.Fit(inputs, labels);
        }

        using (var trainer = new Trainer(second, Options))
        {
            trainer.Fit(inputs, labels);
        }

        TinyProblem.AssertSameWeights(first, second);
    }

    [Fact]
    public void Another_seed_shuffles_differently()
    {
        var (inputs, labels) = TinyProblem.Data(200, seed: 5);
        using var first = TinyProblem.Mlp(seed: 1);
        using var second = TinyProblem.Mlp(seed: 1);
        using (var trainer = new Trainer(first, Options))
        {
            trainer.Fit(inputs, labels);
        }

        using (var trainer = new Trainer(second, Options with { Seed = 12 }))
        {
            trainer.Fit(inputs, labels);
        }

        Assert.False(first.state_dict()["fc1.weight"].eq(second.state_dict()["fc1.weight"]).all().item<bool>());
    }

    [Fact]
    public void Resuming_from_a_checkpoint_ends_with_the_weights_of_an_uninterrupted_run()
    {
        using var folder = new Data.TempFolder();
        var checkpoint = Path.Combine(folder.Path, "run.ckpt");
        var (inputs, labels) = TinyProblem.Data(200, seed: 5);
        var (testInputs, testLabels) = TinyProblem.Data(50, seed: 6);

        using var uninterrupted = TinyProblem.Mlp(seed: 1);
        using (var trainer = new Trainer(uninterrupted, Options))
        {
            trainer.Fit(inputs, labels, testInputs, testLabels);
        }

        using var interrupted = TinyProblem.Mlp(seed: 1);
        using (var trainer = new Trainer(interrupted, Options with { CheckpointPath = checkpoint }))
        {
            using var stop = new CancellationTokenSource();
            var progress = new SynchronousProgress(p => { if (p.CompletedEpoch?.Epoch == 2) { stop.Cancel(); } });
            Assert.Throws<OperationCanceledException>(() => trainer.Fit(inputs, labels, testInputs, testLabels, progress, stop.Token));
        }

        using var resumed = TinyProblem.Mlp(seed: 99);
        using var resumedTrainer = new Trainer(resumed, Options with { CheckpointPath = checkpoint });
        var metadata = resumedTrainer.ResumeFrom(checkpoint);
        var history = resumedTrainer.Fit(inputs, labels, testInputs, testLabels);

        Assert.Equal((2, 14L), (metadata.Epoch, metadata.Step));
        Assert.Equal([1, 2, 3, 4], history.Select(r => r.Epoch));
        Assert.Equal(28, resumedTrainer.Step);
        TinyProblem.AssertSameWeights(uninterrupted, resumed);
    }

    [Fact]
    public void Resuming_with_other_options_is_refused()
    {
        using var folder = new Data.TempFolder();
        var checkpoint = Path.Combine(folder.Path, "run.ckpt");
        var (inputs, labels) = TinyProblem.Data(64, seed: 5);
        using (var model = TinyProblem.Mlp(seed: 1))
        using (var trainer = new Trainer(model, Options with { Epochs = 1, CheckpointPath = checkpoint }))
        {
            trainer.Fit(inputs, labels);
        }

        using var other = TinyProblem.Mlp(seed: 1);
        using var otherTrainer = new Trainer(other, Options with { Epochs = 1, Seed = 3 });
        var error = Assert.Throws<InvalidDataException>(() => otherTrainer.ResumeFrom(checkpoint));

        Assert.Contains("seed, epochs, batch size, peak lr", error.Message);
    }

    [Fact]
    public void Progress_reports_every_step_and_every_epoch_end()
    {
        var (inputs, labels) = TinyProblem.Data(100, seed: 5);
        using var model = TinyProblem.Mlp(seed: 1);
        using var trainer = new Trainer(model, Options with { Epochs = 2, BatchSize = 40 });
        var reports = new List<TrainingProgress>();

        trainer.Fit(inputs, labels, progress: new SynchronousProgress(reports.Add));

        Assert.Equal(2 * 3 + 2, reports.Count);
        Assert.Equal([1L, 2, 3, 3, 4, 5, 6, 6], reports.Select(r => r.Step));
        Assert.Equal([1, 2], reports.Where(r => r.CompletedEpoch is not null).Select(r => r.CompletedEpoch!.Epoch));
        Assert.All(reports, r => Assert.Equal((6L, 3L), (r.TotalSteps, r.StepsPerEpoch)));
        Assert.All(reports, r => Assert.True(r.SamplesPerSecond > 0));
        Assert.Equal(TimeSpan.Zero, reports[^1].Eta);
        Assert.True(reports[0].Eta > TimeSpan.Zero);
    }

    [Fact]
    public void Evaluation_counts_argmax_hits()
    {
        using var identity = nn.Identity();
        using var logits = tensor(new float[] { 2, 1, 0, 3, 5, 4, 1, 0 }, [4, 2]);
        using var labels = tensor(new long[] { 0, 1, 1, 1 });

        var (_, accuracy) = Evaluation.Evaluate(identity, logits, labels, (z, y) => LbdnLosses.MultiMargin(z, y), batchSize: 3);

        Assert.Equal(0.5, accuracy);
    }

    private sealed class SynchronousProgress(Action<TrainingProgress> handler) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => handler(value);
    }
}
