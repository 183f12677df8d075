using System.Text.Json;
using System.Text.Json.Serialization;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Registry.Storage.Sqlite.Monitoring;

// Profiles hold NaN (the min and max of a column with no values), so named float literals are allowed; enums are
// written as names so stored rows stay readable and survive reordering.
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DataProfile))]
[JsonSerializable(typeof(ReferenceProfile))]
[JsonSerializable(typeof(DriftReport))]
internal sealed partial class MonitoringJsonContext : JsonSerializerContext;
