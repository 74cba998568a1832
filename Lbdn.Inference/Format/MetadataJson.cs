using System.Text.Json.Serialization;

namespace Lbdn.Inference;

/// <summary>Source-generated (trimming- and AOT-safe) JSON for the structured metadata values.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FrozenLayer[]))]
[JsonSerializable(typeof(CertificationTable))]
[JsonSerializable(typeof(int[]))]
internal sealed partial class MetadataJson : JsonSerializerContext;
