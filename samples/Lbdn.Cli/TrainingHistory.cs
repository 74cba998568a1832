using System.Text.Json;
using Lbdn.Training;

namespace Lbdn.Cli;

/// <summary>The history file <c>lbdn train</c> writes next to the model (runs/&lt;network&gt;.history.json) and <c>lbdn plot history</c> reads.</summary>
/// <param name="Network">The catalog name of the network.</param>
/// <param name="Dataset">mnist or fashion-mnist.</param>
/// <param name="LipschitzBound">The trained network's proven bound, or null for a network without one.</param>
/// <param name="Loss">The loss name.</param>
/// <param name="TrainCount">Training samples used.</param>
/// <param name="Epochs">One record per epoch.</param>
internal sealed record TrainingHistory(
    string Network, string Dataset, double? LipschitzBound, string Loss, long TrainCount, IReadOnlyList<EpochRecord> Epochs)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Test images each epoch's test loss and accuracy are measured on (absent in older files).</summary>
    public long? TestCount { get; init; }

    /// <summary>The history as indented JSON (numbers are culture-invariant in System.Text.Json).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Indented);

    /// <summary>Reads a history file.</summary>
    /// <exception cref="InvalidDataException">The file is not a history.</exception>
    public static TrainingHistory Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<TrainingHistory>(File.ReadAllText(path)) is { Epochs: not null } history
                ? history
                : throw new InvalidDataException($"'{path}' holds no training history.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a training history: {e.Message}");
        }
    }
}
