using Lbdn.Training;

namespace Lbdn.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly Data.TempFolder folder = new();
    private readonly string path;

    public CheckpointTests()
    {
        path = Path.Combine(folder.Path, "run.ckpt");
        var (inputs, labels) = TinyProblem.Data(64, seed: 5);
        using var model = TinyProblem.Mlp(seed: 1);
        using var trainer = new Trainer(model, new TrainingOptions { Epochs = 2, BatchSize = 16, CheckpointPath = path });
        trainer.Fit(inputs, labels);
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Metadata_round_trips_and_no_temporary_file_is_left()
    {
        var metadata = Checkpoint.ReadMetadata(path);

        Assert.Equal((2, 8L, 16, 64L), (metadata.Epoch, metadata.Step, metadata.BatchSize, metadata.TrainCount));
        Assert.Equal([1, 2], metadata.History.Select(r => r.Epoch));
        Assert.Equal(["run.ckpt"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Truncated_checkpoint_is_reported_and_leaves_the_model_untouched()
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);
        using var model = TinyProblem.Mlp(seed: 7);
        using var reference = TinyProblem.Mlp(seed: 7);
        using var trainer = new Trainer(model, new TrainingOptions { Epochs = 2, BatchSize = 16 });

        var error = Assert.Throws<InvalidDataException>(() => trainer.ResumeFrom(path));

        Assert.Contains("truncated", error.Message);
        Assert.Contains($"expected {bytes.Length} bytes, found {bytes.Length - 100}", error.Message);
        TinyProblem.AssertSameWeights(reference, model);
        Assert.Equal(0, trainer.CompletedEpochs);
    }

    [Fact]
    public void Flipped_byte_is_reported_as_corruption()
    {
        var bytes = File.ReadAllBytes(path);
        bytes[^10] ^= 0xff;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadMetadata(path));

        Assert.Contains("corrupted", error.Message);
    }

    [Fact]
    public void Saving_creates_the_checkpoint_folder()
    {
        using var model = TinyProblem.Mlp(seed: 3);
        using var trainer = new Trainer(model, new TrainingOptions { Epochs = 1, BatchSize = 16 });
        var nested = Path.Combine(folder.Path, "runs", "a", "last.ckpt");

        Checkpoint.Save(nested, model, trainer.Optimizer, new CheckpointMetadata(1, 4, 1, 1, 16, 0.01, 64, []));

        Assert.Equal(4, Checkpoint.ReadMetadata(nested).Step);
    }

    [Fact]
    public void Other_file_is_not_taken_for_a_checkpoint()
    {
        File.WriteAllText(path, "not a checkpoint at all, but long enough to hold a header");

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadMetadata(path));

        Assert.Contains("not an Lbdn checkpoint", error.Message);
    }

    [Fact]
    public void Saving_replaces_the_previous_checkpoint_whole()
    {
        using var model = TinyProblem.Mlp(seed: 3);
        using var trainer = new Trainer(model, new TrainingOptions { Epochs = 1, BatchSize = 16 });
        var metadata = new CheckpointMetadata(5, 42, 1, 9, 16, 0.01, 64, []);

        Checkpoint.Save(path, model, trainer.Optimizer, metadata);

        Assert.Equal((5, 42L), (Checkpoint.ReadMetadata(path).Epoch, Checkpoint.ReadMetadata(path).Step));
        Assert.Single(Directory.GetFiles(folder.Path));
    }
}
