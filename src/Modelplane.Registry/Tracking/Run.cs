namespace Modelplane.Registry.Tracking;

/// <summary>One training run: its info, its logged data and its inputs.</summary>
public sealed record Run(RunInfo Info, RunData Data, IReadOnlyList<DatasetInput> Inputs);

/// <summary>A run's attributes.</summary>
/// <param name="RunId">32 lowercase hex digits.</param>
/// <param name="EndTime">Unix epoch milliseconds, or <see langword="null"/> while the run has not ended.</param>
public sealed record RunInfo(
    string RunId,
    string ExperimentId,
    string RunName,
    string UserId,
    string Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    string LifecycleStage);

/// <summary>A run's logged values: the latest value of each metric, the params and the tags, each in key order.</summary>
public sealed record RunData(IReadOnlyList<Metric> Metrics, IReadOnlyList<TrackingTag> Params, IReadOnlyList<TrackingTag> Tags);

/// <summary>One metric value; <see cref="Value"/> may be NaN or an infinity, which are stored as such.</summary>
/// <param name="Timestamp">Unix epoch milliseconds.</param>
public sealed record Metric(string Key, double Value, long Timestamp, long Step);

/// <summary>A dataset as MLflow describes it; <see cref="Schema"/> and <see cref="Profile"/> are opaque JSON text.</summary>
public sealed record Dataset(string Name, string Digest, string SourceType, string Source, string? Schema, string? Profile);

/// <summary>A dataset used by a run, with input tags such as <c>mlflow.data.context=training</c>.</summary>
public sealed record DatasetInput(Dataset Dataset, IReadOnlyList<TrackingTag> Tags);

/// <summary>The run statuses MLflow defines.</summary>
public static class RunStatuses
{
    /// <summary>The run is in progress (a new run's status).</summary>
    public const string Running = "RUNNING";

    /// <summary>Queued, not started.</summary>
    public const string Scheduled = "SCHEDULED";

    /// <summary>Ended successfully.</summary>
    public const string Finished = "FINISHED";

    /// <summary>Ended with an error.</summary>
    public const string Failed = "FAILED";

    /// <summary>Stopped before the end.</summary>
    public const string Killed = "KILLED";

    /// <summary>All five, for validation.</summary>
    public static IReadOnlyList<string> All { get; } = [Running, Scheduled, Finished, Failed, Killed];
}

/// <summary>A request to create a run.</summary>
/// <param name="RunName">Generated when absent; also stored as the <c>mlflow.runName</c> tag.</param>
/// <param name="StartTime">Unix epoch milliseconds; the store's clock when absent.</param>
public sealed record NewRun(string ExperimentId, string? RunName, string? UserId, long? StartTime, IReadOnlyList<TrackingTag> Tags);

/// <summary>Changes to a run; <see langword="null"/> members are left as they are.</summary>
public sealed record RunUpdate(string? Status, long? EndTime, string? RunName);

/// <summary>Values to log to a run at once.</summary>
public sealed record RunBatch(IReadOnlyList<Metric> Metrics, IReadOnlyList<TrackingTag> Params, IReadOnlyList<TrackingTag> Tags)
{
    /// <summary>A batch with one metric.</summary>
    public static RunBatch Of(Metric metric) => new([metric], [], []);

    /// <summary>A batch with one param.</summary>
    public static RunBatch OfParam(TrackingTag param) => new([], [param], []);

    /// <summary>A batch with one tag.</summary>
    public static RunBatch OfTag(TrackingTag tag) => new([], [], [tag]);
}

/// <summary>A run search over one or more experiments.</summary>
/// <param name="Filter">MLflow filter syntax over <c>metrics.</c>, <c>params.</c>, <c>tags.</c> and <c>attributes.</c>.</param>
/// <param name="OrderBy">Clauses such as <c>metrics.auc DESC</c>; by default newest start time first.</param>
public sealed record RunSearch(
    IReadOnlyList<string> ExperimentIds,
    string? Filter = null,
    IReadOnlyList<string>? OrderBy = null,
    ViewType ViewType = ViewType.ActiveOnly,
    int MaxResults = TrackingValidation.DefaultMaxResults,
    string? PageToken = null);
