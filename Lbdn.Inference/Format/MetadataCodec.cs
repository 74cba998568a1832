using System.Globalization;
using System.Text.Json;

namespace Lbdn.Inference;

/// <summary>Maps <see cref="FrozenModelMetadata"/> to and from the safetensors <c>__metadata__</c> string map.</summary>
internal static class MetadataCodec
{
    public const string FormatKey = "format";
    public const string FormatValue = "lbdn.frozen/1";

    public static Dictionary<string, string> Encode(FrozenModelMetadata metadata)
    {
        var map = new Dictionary<string, string>
        {
            [FormatKey] = FormatValue,
            ["name"] = metadata.Name,
            ["lipschitz_bound"] = Number(metadata.LipschitzBound),
            ["gamma"] = Number(metadata.Gamma),
            ["input_shape"] = JsonSerializer.Serialize(metadata.InputShape, MetadataJson.Default.Int32Array),
            ["output_count"] = metadata.OutputCount.ToString(CultureInfo.InvariantCulture),
            ["layers"] = JsonSerializer.Serialize([.. metadata.Layers], MetadataJson.Default.FrozenLayerArray),
        };
        if (metadata.PenultimateBound is { } penultimate)
        {
            map["penultimate_bound"] = Number(penultimate);
        }

        if (metadata.Certification is { } table)
        {
            map["certification"] = JsonSerializer.Serialize(table, MetadataJson.Default.CertificationTable);
        }

        return map;
    }

    public static FrozenModelMetadata Decode(IReadOnlyDictionary<string, string> map)
    {
        if (!map.TryGetValue(FormatKey, out var format) || format != FormatValue)
        {
            throw new InvalidDataException(
                $"The safetensors metadata has format '{format ?? "(none)"}', expected '{FormatValue}'; write the file with lbdn freeze.");
        }

        try
        {
            return new FrozenModelMetadata(
                Required(map, "name"),
                ParseNumber(map, "lipschitz_bound"),
                ParseNumber(map, "gamma"),
                JsonSerializer.Deserialize(Required(map, "input_shape"), MetadataJson.Default.Int32Array) ?? [],
                int.Parse(Required(map, "output_count"), CultureInfo.InvariantCulture),
                JsonSerializer.Deserialize(Required(map, "layers"), MetadataJson.Default.FrozenLayerArray) ?? [],
                map.ContainsKey("penultimate_bound") ? ParseNumber(map, "penultimate_bound") : null,
                map.TryGetValue("certification", out var table) ? JsonSerializer.Deserialize(table, MetadataJson.Default.CertificationTable) : null);
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"The frozen-model metadata is malformed: {e.Message}", e);
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double ParseNumber(IReadOnlyDictionary<string, string> map, string key) =>
        double.Parse(Required(map, key), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Required(IReadOnlyDictionary<string, string> map, string key) =>
        map.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"The frozen-model metadata lacks the key '{key}'.");
}
