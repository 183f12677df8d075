namespace Modelplane.Registry.Models.Search;

/// <summary>A model version search.</summary>
/// <param name="Filter">
/// Comparisons joined by AND over <c>name</c>, <c>version</c>, <c>alias</c>, <c>approval</c> (or <c>status</c>),
/// <c>created</c> (epoch milliseconds or an ISO 8601 time in quotes), <c>tags.KEY</c>, <c>params.KEY</c> and
/// <c>metrics.KEY</c>; null or blank matches every version.
/// </param>
/// <param name="OrderBy">One clause over <c>created</c>, <c>name</c>, <c>version</c> or <c>metrics.KEY</c>, with ASC or DESC; by default newest first.</param>
/// <param name="MaxResults">Page size, 1 to <see cref="MaxPageSize"/>.</param>
/// <param name="PageToken">The <c>NextPageToken</c> of the previous page, for the same filter and order.</param>
public sealed record VersionSearch(
    string? Filter = null,
    string? OrderBy = null,
    int MaxResults = VersionSearch.DefaultPageSize,
    string? PageToken = null)
{
    /// <summary>The page size when none is given.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The largest page a search returns.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>
    /// Counts that would visit more matches than this stop here and are reported as a lower bound
    /// (<see cref="Tracking.SearchPage{T}.TotalCountIsLowerBound"/>). No filter and a single tags., metrics. or params.
    /// comparison are always counted exactly, from an index.
    /// </summary>
    public const int CountCap = 10_000;
}
