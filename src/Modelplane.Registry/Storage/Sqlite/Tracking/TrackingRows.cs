using System.Globalization;
using Modelplane.Registry.Tracking;

namespace Modelplane.Registry.Storage.Sqlite.Tracking;

internal sealed class ExperimentRow
{
    public const string Columns = """
        experiment_id AS ExperimentId, name AS Name, artifact_location AS ArtifactLocation,
        lifecycle_stage AS LifecycleStage, creation_time AS CreationTime, last_update_time AS LastUpdateTime
        """;

    public long ExperimentId { get; init; }

    public string Name { get; init; } = "";

    public string ArtifactLocation { get; init; } = "";

    public string LifecycleStage { get; init; } = "";

    public long CreationTime { get; init; }

    public long LastUpdateTime { get; init; }

    public Experiment ToExperiment(IReadOnlyList<TrackingTag> tags) => new(
        ExperimentId.ToString(CultureInfo.InvariantCulture), Name, ArtifactLocation, LifecycleStage, CreationTime, LastUpdateTime, tags);
}

internal sealed class RunRow
{
    public const string Columns = """
        r.run_uuid AS RunId, r.experiment_id AS ExperimentId, r.name AS Name, r.user_id AS UserId, r.status AS Status,
        r.start_time AS StartTime, r.end_time AS EndTime, r.artifact_uri AS ArtifactUri, r.lifecycle_stage AS LifecycleStage
        """;

    public string RunId { get; init; } = "";

    public long ExperimentId { get; init; }

    public string Name { get; init; } = "";

    public string UserId { get; init; } = "";

    public string Status { get; init; } = "";

    public long StartTime { get; init; }

    public long? EndTime { get; init; }

    public string ArtifactUri { get; init; } = "";

    public string LifecycleStage { get; init; } = "";

    public RunInfo ToInfo() => new(
        RunId, ExperimentId.ToString(CultureInfo.InvariantCulture), Name, UserId, Status, StartTime, EndTime, ArtifactUri, LifecycleStage);
}

internal sealed class MetricRow
{
    public const string Columns = "run_uuid AS RunId, key AS Key, value AS Value, is_nan AS IsNan, timestamp AS Timestamp, step AS Step";

    public string RunId { get; init; } = "";

    public string Key { get; init; } = "";

    public double Value { get; init; }

    public bool IsNan { get; init; }

    public long Timestamp { get; init; }

    public long Step { get; init; }

    public Metric ToMetric() => new(Key, IsNan ? double.NaN : Value, Timestamp, Step);
}

internal sealed class KeyValueRow
{
    public string Owner { get; init; } = "";

    public string Key { get; init; } = "";

    public string Value { get; init; } = "";
}

internal sealed class InputRow
{
    public string RunId { get; init; } = "";

    public string Name { get; init; } = "";

    public string Digest { get; init; } = "";

    public string SourceType { get; init; } = "";

    public string Source { get; init; } = "";

    public string? Schema { get; init; }

    public string? Profile { get; init; }

    public string TagsJson { get; init; } = "";
}
