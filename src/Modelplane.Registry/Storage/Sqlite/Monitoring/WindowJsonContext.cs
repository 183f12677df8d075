using System.Text.Json.Serialization;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Registry.Storage.Sqlite.Monitoring;

// Profiles and reports as stored: enums by name, NaN (the min of an empty feature) as a named literal.
[JsonSourceGenerationOptions(
    UseStringEnumConverter = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DataProfile))]
[JsonSerializable(typeof(DriftReport))]
internal sealed partial class WindowJsonContext : JsonSerializerContext;
