using System.Text.Json;
using Modelplane.Registry.Storage.Sqlite.Monitoring;

namespace Modelplane.Registry.Monitoring;

/// <summary>
/// The JSON form monitoring stores profiles and reports in: camelCase, enums as names, NaN and ±Infinity as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>. Source-generated, so it needs no reflection.
/// </summary>
public static class MonitoringJson
{
    /// <summary>The profile as JSON.</summary>
    public static string Serialize(DataProfile profile) => JsonSerializer.Serialize(profile, MonitoringJsonContext.Default.DataProfile);

    /// <summary>The report as JSON.</summary>
    public static string Serialize(DriftReport report) => JsonSerializer.Serialize(report, MonitoringJsonContext.Default.DriftReport);

    /// <summary>A profile read back from <see cref="Serialize(DataProfile)"/>.</summary>
    /// <exception cref="JsonException">The text is not a profile.</exception>
    public static DataProfile DeserializeProfile(string json) =>
        JsonSerializer.Deserialize(json, MonitoringJsonContext.Default.DataProfile) ?? throw new JsonException("The JSON is null, not a profile.");

    /// <summary>A report read back from <see cref="Serialize(DriftReport)"/>.</summary>
    /// <exception cref="JsonException">The text is not a report.</exception>
    public static DriftReport DeserializeReport(string json) =>
        JsonSerializer.Deserialize(json, MonitoringJsonContext.Default.DriftReport) ?? throw new JsonException("The JSON is null, not a report.");
}
