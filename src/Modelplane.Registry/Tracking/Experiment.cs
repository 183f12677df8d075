namespace Modelplane.Registry.Tracking;

/// <summary>A named group of runs.</summary>
/// <param name="ExperimentId">A decimal string; "0" is the default experiment.</param>
/// <param name="Name">Unique among all experiments, deleted ones included.</param>
/// <param name="ArtifactLocation">Where the runs' artifacts go (a URI).</param>
/// <param name="LifecycleStage"><see cref="LifecycleStages.Active"/> or <see cref="LifecycleStages.Deleted"/>.</param>
/// <param name="CreationTime">Unix epoch milliseconds.</param>
/// <param name="LastUpdateTime">Unix epoch milliseconds.</param>
/// <param name="Tags">Tags in key order.</param>
public sealed record Experiment(
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    string LifecycleStage,
    long CreationTime,
    long LastUpdateTime,
    IReadOnlyList<TrackingTag> Tags);

/// <summary>A key and a value: an experiment tag, a run tag, a param or a dataset input tag.</summary>
public sealed record TrackingTag(string Key, string Value);

/// <summary>The lifecycle stages MLflow uses for experiments and runs.</summary>
public static class LifecycleStages
{
    /// <summary>Visible in default searches.</summary>
    public const string Active = "active";

    /// <summary>Soft-deleted; still readable by id and restorable.</summary>
    public const string Deleted = "deleted";
}

/// <summary>Which lifecycle stages a search returns.</summary>
public enum ViewType
{
    /// <summary>Only active entities (the default).</summary>
    ActiveOnly,

    /// <summary>Only deleted entities.</summary>
    DeletedOnly,

    /// <summary>Both.</summary>
    All,
}

/// <summary>One page of search results.</summary>
/// <param name="Items">The page.</param>
/// <param name="NextPageToken">An opaque cursor for the next page, or <see langword="null"/> on the last page.</param>
public sealed record SearchPage<T>(IReadOnlyList<T> Items, string? NextPageToken)
{
    /// <summary>How many entities match the filter across all pages, when the search counts them.</summary>
    /// <value>Null unless the search counts (model version search does; MLflow searches do not).</value>
    public long? TotalCount { get; init; }

    /// <summary>True when counting stopped early and <see cref="TotalCount"/> is "at least" that many.</summary>
    /// <value>False unless the search caps its count (model version search caps at 10,000 for compound filters).</value>
    public bool TotalCountIsLowerBound { get; init; }
}

/// <summary>An experiment search.</summary>
/// <param name="Filter">MLflow filter syntax over <c>name</c>, <c>tags.KEY</c>, <c>creation_time</c>, <c>last_update_time</c>.</param>
/// <param name="OrderBy">Clauses such as <c>name ASC</c>; by default newest first.</param>
public sealed record ExperimentSearch(
    string? Filter = null,
    IReadOnlyList<string>? OrderBy = null,
    ViewType ViewType = ViewType.ActiveOnly,
    int MaxResults = TrackingValidation.DefaultMaxResults,
    string? PageToken = null);
