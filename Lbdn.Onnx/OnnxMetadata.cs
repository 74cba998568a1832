using System.Globalization;
using System.Text.Json;
using Lbdn.Inference;

namespace Lbdn.Onnx;

/// <summary>The <c>metadata_props</c> entries an exported model carries from its frozen-model file.</summary>
public static class OnnxMetadata
{
    /// <summary>Metadata key of the certification table (JSON, the frozen-model file's <c>certification</c> value).</summary>
    public const string CertificationKey = "lbdn.certification";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// The declaration's name, gamma, number of logits, the per-pair certificate's penultimate bound (when known) and the
    /// certification table (when shipped), keyed <c>lbdn.*</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> From(FrozenModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var entries = new Dictionary<string, string>
        {
            ["lbdn.name"] = metadata.Name,
            ["lbdn.gamma"] = metadata.Gamma.ToString("R", CultureInfo.InvariantCulture),
            ["lbdn.output_count"] = metadata.OutputCount.ToString(CultureInfo.InvariantCulture),
        };
        if (metadata.PenultimateBound is { } penultimate)
        {
            entries["lbdn.penultimate_bound"] = penultimate.ToString("R", CultureInfo.InvariantCulture);
        }

        if (metadata.Certification is { } table)
        {
            entries[CertificationKey] = JsonSerializer.Serialize(table, Json);
        }

        return entries;
    }
}
