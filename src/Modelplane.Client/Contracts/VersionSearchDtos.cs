namespace Modelplane.Client.Contracts;

/// <summary>One page of a version search (<c>GET /api/v1/versions</c>).</summary>
/// <param name="Versions">The page, in the requested order.</param>
/// <param name="NextPageToken">Pass as <c>page_token</c> for the next page; null on the last page.</param>
/// <param name="TotalCount">
/// How many versions match the filter across all pages; a lower bound when <see cref="TotalCountIsLowerBound"/> is set.
/// </param>
public sealed record VersionSearchResultDto(IReadOnlyList<ModelVersionDto> Versions, string? NextPageToken, long TotalCount)
{
    /// <summary>
    /// True when the server stopped counting at its cap (10,000) and at least <see cref="TotalCount"/> versions match.
    /// Totals for no filter and for a single <c>tags.</c>, <c>metrics.</c> or <c>params.</c> comparison are always exact.
    /// </summary>
    /// <value>False when the count is exact (and when an older server leaves the field out).</value>
    public bool TotalCountIsLowerBound { get; init; }
}
