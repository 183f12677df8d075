using Modelplane.Registry.InferenceLog;

namespace Modelplane.Registry.Storage.Sqlite.InferenceLog;

/// <summary>An <c>inference_log</c> row as Dapper reads it (columns aliased to these names), mapped by hand to the record.</summary>
internal sealed class InferenceLogRow
{
    public const string Columns =
        "l.request_id AS RequestId, l.at AS At, l.endpoint AS Endpoint, l.model AS Model, l.version AS Version, l.inputs AS Inputs, " +
        "l.outputs AS Outputs, l.latency_ms AS LatencyMs, l.status AS Status, l.route AS Route, l.caller AS Caller";

    public string RequestId { get; set; } = "";
    public long At { get; set; }
    public string Endpoint { get; set; } = "";
    public string Model { get; set; } = "";
    public long Version { get; set; }
    public string Inputs { get; set; } = "";
    public string? Outputs { get; set; }
    public double LatencyMs { get; set; }
    public long Status { get; set; }
    public string Route { get; set; } = "";
    public string? Caller { get; set; }

    public InferenceLogRecord ToRecord() => new(
        RequestId,
        DateTimeOffset.FromUnixTimeMilliseconds(At),
        Endpoint,
        Model,
        checked((int)Version),
        Inputs,
        Outputs,
        LatencyMs,
        checked((int)Status),
        Route,
        Caller);
}

/// <summary>The label half of a joined row; <see cref="Label"/> is the column Dapper splits the two halves on.</summary>
internal sealed class InferenceLabelRow
{
    public const string Columns = "b.label AS Label, b.at AS LabeledAt";

    public string Label { get; set; } = "";
    public long LabeledAt { get; set; }
}
