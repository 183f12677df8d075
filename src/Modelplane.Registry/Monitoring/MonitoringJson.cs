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

    /// <summary>A version's reference profile as UTF-8 JSON (how model archives carry it).</summary>
    public static byte[] SerializeReference(ReferenceProfile reference) => JsonSerializer.SerializeToUtf8Bytes(reference, MonitoringJsonContext.Default.ReferenceProfile);

    /// <summary>A reference profile read back from <see cref="SerializeReference"/>.</summary>
    /// <exception cref="JsonException">The text is not a reference profile.</exception>
    public static ReferenceProfile DeserializeReference(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, MonitoringJsonContext.Default.ReferenceProfile) ?? throw new JsonException("The JSON is null, not a reference profile.");

    /// <summary>A profile read back from <see cref="Serialize(DataProfile)"/>.</summary>
    /// <exception cref="JsonException">The text is not a profile.</exception>
    public static DataProfile DeserializeProfile(string json) =>
        JsonSerializer.Deserialize(json, MonitoringJsonContext.Default.DataProfile) ?? throw new JsonException("The JSON is null, not a profile.");

    /// <summary>A report read back from <see cref="Serialize(DriftReport)"/>.</summary>
    /// <exception cref="JsonException">The text is not a report.</exception>
    public static DriftReport DeserializeReport(string json) =>
        JsonSerializer.Deserialize(json, MonitoringJsonContext.Default.DriftReport) ?? throw new JsonException("The JSON is null, not a report.");
}
