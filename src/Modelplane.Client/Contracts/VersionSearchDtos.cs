namespace Modelplane.Client.Contracts;

/// <summary>One page of a version search (<c>GET /api/v1/versions</c>).</summary>
/// <param name="Versions">The page, in the requested order.</param>
/// <param name="NextPageToken">Pass as <c>page_token</c> for the next page; null on the last page.</param>
/// <param name="TotalCount">How many versions match the filter across all pages.</param>
public sealed record VersionSearchResultDto(IReadOnlyList<ModelVersionDto> Versions, string? NextPageToken, long TotalCount);
