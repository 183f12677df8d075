using Microsoft.AspNetCore.Http.HttpResults;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Registry.Models.Search;

namespace Modelplane.Server.Api;

/// <summary>Search over the versions of every model: <c>GET /api/v1/versions?filter=...&amp;order_by=...</c>.</summary>
internal static class VersionSearchApi
{
    public static RouteHandlerBuilder MapVersionSearchApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/versions", SearchVersions).WithTags("Models").WithName("SearchModelVersions")
            .Produces<VersionSearchResultDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).RequireAccess(Permissions.Read);

    /// <remarks>A bad filter or order is a SearchFilterException, a bad page token or size a RegistryValidationException: both 400.</remarks>
    internal static async Task<Ok<VersionSearchResultDto>> SearchVersions(
        IModelSearch search,
        string? filter,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "order_by")] string? orderBy,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "max_results")] int? maxResults,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page_token")] string? pageToken,
        CancellationToken ct)
    {
        // Larger pages are capped rather than refused, so a client asking for "everything" still gets pages.
        var size = Math.Min(maxResults ?? VersionSearch.DefaultPageSize, VersionSearch.MaxPageSize);
        var page = await search.SearchVersionsAsync(new VersionSearch(filter, orderBy, size, pageToken), ct).ConfigureAwait(false);
        return TypedResults.Ok(new VersionSearchResultDto([.. page.Items.Select(v => v.ToDto())], page.NextPageToken, page.TotalCount ?? page.Items.Count)
        {
            TotalCountIsLowerBound = page.TotalCountIsLowerBound,
        });
    }
}
