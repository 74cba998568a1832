using System.Diagnostics;
using Lbdn.Certification;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lbdn.Training;

/// <summary>
/// Trains any <c>Module&lt;Tensor, Tensor&gt;</c> with Adam under the <see cref="LbdnSchedule"/>: shuffled batches per epoch,
/// evaluation after every epoch, progress reports, an epoch history, and atomic checkpoints to resume from. Each step
/// minimises <see cref="TrainingOptions.Objective"/> (which sees the network, the batch, its labels and the step), or the
/// logit loss <see cref="TrainingOptions.Loss"/> when none is set. Clipped-ReLU
/// thresholds are projected onto theta &gt;= 0 after every step.
/// A run resumed from a checkpoint ends with the same weights as an uninterrupted run with the same options.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly List<EpochRecord> history = [];
    private readonly LogitObjective logitObjective;
    private long? resumedTrainCount;

    /// <summary>Creates a trainer; the model's parameters must already exist.</summary>
    public Trainer(nn.Module<Tensor, Tensor> model, TrainingOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        Model = model;
        Options = options;
        logitObjective = new LogitObjective(options.Loss);
        Optimizer = optim.Adam(model.parameters(), options.PeakLearningRate);
    }

    /// <summary>The model being trained.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }

    /// <summary>The options of the run.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The Adam optimizer over the model's parameters.</summary>
    public Adam Optimizer { get; }

    /// <summary>Epochs completed (including those restored from a checkpoint).</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>Optimizer steps completed.</summary>
    public long Step { get; private set; }

    /// <summary>The records of the completed epochs.</summary>
    public IReadOnlyList<EpochRecord> History => this.history;

    /// <summary>Optimizer steps per epoch for <paramref name="trainCount"/> samples: ceil(N / batch).</summary>
    public long StepsPerEpoch(long trainCount) => (trainCount + Options.BatchSize - 1) / Options.BatchSize;

    /// <summary>
    /// Trains from the epoch after <see cref="CompletedEpochs"/> to <see cref="TrainingOptions.Epochs"/>.
    /// </summary>
    /// <param name="trainInputs">Training inputs, samples along dimension 0.</param>
    /// <param name="trainTargets">Training targets (int64 labels for classification).</param>
    /// <param name="testInputs">Evaluation inputs, or null to skip evaluation.</param>
    /// <param name="testTargets">Evaluation targets, or null.</param>
    /// <param name="progress">Receives a report after each step and at the end of each epoch.</param>
    /// <param name="cancellationToken">Checked before each step; the last checkpoint stays valid.</param>
    /// <returns>The full history.</returns>
    public IReadOnlyList<EpochRecord> Fit(Tensor trainInputs, Tensor trainTargets, Tensor? testInputs = null, Tensor? testTargets = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var count = trainInputs.shape[0];
        if (trainTargets.shape[0] != count)
        {
            throw new ArgumentException($"Training inputs hold {count} samples but targets hold {trainTargets.shape[0]}.", nameof(trainTargets));
        }

        if (resumedTrainCount is { } resumed && resumed != count)
        {
            throw new ArgumentException($"The checkpoint resumed from was trained on {resumed} samples, these inputs hold {count}.", nameof(trainInputs));
        }

        var schedule = new LbdnSchedule(Options.PeakLearningRate, Options.Epochs * StepsPerEpoch(count));
        var run = new RunClock(schedule, schedule.Scheduler(Optimizer, Step), Step);
        for (var epoch = CompletedEpochs + 1; epoch <= Options.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            var (trainLoss, rate) = TrainEpoch(epoch, trainInputs, trainTargets, run, progress, cancellationToken);
            (double? Loss, double? Accuracy) test = testInputs is null || testTargets is null
                ? (null, null)
                : Evaluation.Evaluate(Model, testInputs, testTargets, Options.Loss, Options.EvaluationBatchSize);
            var record = new EpochRecord(epoch, trainLoss, test.Loss, test.Accuracy, rate, epochClock.Elapsed.TotalSeconds);
            this.history.Add(record);
            CompletedEpochs = epoch;
            if (Options.CheckpointPath is { } path)
            {
                Checkpoint.Save(path, Model, Optimizer, Metadata(count));
            }

            progress?.Report(Report(epoch, run, trainLoss, rate) with { CompletedEpoch = record });
        }
        return History;
    }

    /// <summary>
    /// Restores model, optimizer, epoch, step and history from a checkpoint made with the same options; the next
    /// <see cref="Fit"/> continues where that run stopped.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint is damaged, or was made with other options.</exception>
    public CheckpointMetadata ResumeFrom(string path)
    {
        var metadata = Checkpoint.ReadMetadata(path);
        var expected = (Options.Seed, Options.Epochs, Options.BatchSize, Options.PeakLearningRate);
        var found = (metadata.Seed, metadata.Epochs, metadata.BatchSize, metadata.PeakLearningRate);
        if (expected != found)
        {
            throw new InvalidDataException(
                $"Checkpoint '{Path.GetFileName(path)}' was made with (seed, epochs, batch size, peak lr) = {found}; these options have {expected}.");
        }

        Checkpoint.Load(path, Model, Optimizer);
        (CompletedEpochs, Step, resumedTrainCount) = (metadata.Epoch, metadata.Step, metadata.TrainCount);
        this.history.Clear();
        this.history.AddRange(metadata.History);
        return metadata;
    }

    /// <inheritdoc/>
    public void Dispose() => Optimizer.Dispose();

    /// <summary>One pass over the shuffled training set; returns the mean batch loss and the last learning rate.</summary>
    private (double Loss, double LearningRate) TrainEpoch(int epoch, Tensor inputs, Tensor targets, RunClock run,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var count = inputs.shape[0];
        manual_seed(EpochShuffle.EpochSeed(Options.Seed, epoch));
        Model.train();
        using var order = tensor(EpochShuffle.Permutation(count, Options.Seed, epoch), device: inputs.device);
        var (lossSum, batches, rate) = (0.0, 0, 0.0);
        for (long start = 0; start < count; start += Options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var length = Math.Min(Options.BatchSize, count - start);
            rate = run.Scheduler.get_last_lr().First();
            var loss = TrainBatch(new BatchSlice(epoch, inputs, targets, order, start, length), run.Schedule.TotalSteps);
            run.Scheduler.step();
            (Step, lossSum, batches) = (Step + 1, lossSum + loss, batches + 1);
            run.Samples += length;
            progress?.Report(Report(epoch, run, loss, rate));
        }
        return (lossSum / batches, rate);
    }

    private double TrainBatch(BatchSlice slice, long totalSteps)
    {
        using var scope = NewDisposeScope();
        var indices = slice.Order.narrow(0, slice.Start, slice.Length);
        Optimizer.zero_grad();
        var batch = new TrainingBatch(Model, slice.Inputs.index_select(0, indices), slice.Targets.index_select(0, indices), slice.Epoch, Step, totalSteps);
        var loss = (Options.Objective ?? logitObjective).Loss(batch);
        loss.backward();
        Optimizer.step();
        Thresholds.Project(Model);
        return loss.ToDouble();
    }

    // ETA = elapsed / (steps this call) * (steps left)
    private TrainingProgress Report(int epoch, RunClock run, double loss, double rate)
    {
        var seconds = Math.Max(run.Elapsed.TotalSeconds, 1e-9);
        var stepsThisCall = Step - run.FirstStep;
        var total = run.Schedule.TotalSteps;
        var eta = stepsThisCall == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(seconds / stepsThisCall * (total - Step));
        return new TrainingProgress(epoch, Options.Epochs, Step, total, total / Options.Epochs, loss, rate, run.Samples / seconds, eta);
    }

    private CheckpointMetadata Metadata(long trainCount) =>
        new(CompletedEpochs, Step, Options.Seed, Options.Epochs, Options.BatchSize, Options.PeakLearningRate, trainCount, [.. this.history]);

    /// <summary>The rows [Start, Start + Length) of the shuffled order within one epoch.</summary>
    private sealed record BatchSlice(int Epoch, Tensor Inputs, Tensor Targets, Tensor Order, long Start, long Length);

    /// <summary>The schedule, its LambdaLR and throughput bookkeeping of one call of Fit.</summary>
    private sealed class RunClock(LbdnSchedule schedule, optim.lr_scheduler.LRScheduler scheduler, long firstStep)
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();

        public LbdnSchedule Schedule { get; } = schedule;

        public optim.lr_scheduler.LRScheduler Scheduler { get; } = scheduler;

        public long FirstStep { get; } = firstStep;

        public long Samples { get; set; }

        public TimeSpan Elapsed => clock.Elapsed;
    }
}
