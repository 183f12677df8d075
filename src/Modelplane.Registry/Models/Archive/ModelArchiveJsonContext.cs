using System.Text.Json.Serialization;

namespace Modelplane.Registry.Models.Archive;

// camelCase like the management API, element types as names so the manifest reads well and survives enum reordering.
[JsonSourceGenerationOptions(
    System.Text.Json.JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ModelArchiveManifest))]
internal sealed partial class ModelArchiveJsonContext : JsonSerializerContext;
