using System.Globalization;
using System.Net;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Fakes;

internal sealed partial class FakeModelplaneServer
{
    /// <summary>When set, <c>GET /api/v1/versions</c> answers 400 with this message, as the server does for a bad filter.</summary>
    public string? SearchError { get; set; }

    /// <summary>When set, totals above it are answered as this cap with <c>totalCountIsLowerBound</c>, as the server caps compound-filter counts.</summary>
    public int? SearchCountCap { get; set; }

    // The fake does not filter (the server's filter is tested against the real store); it pages every version
    // newest first, so the CLI's table, count and next-page hint can be checked.
    private HttpResponseMessage Search(ILookup<string, string> query)
    {
        if (SearchError is { } error)
        {
            return Error(HttpStatusCode.BadRequest, error);
        }

        var all = _models.Values.SelectMany(v => v).OrderByDescending(v => v.CreatedAt).ThenBy(v => v.Model, StringComparer.Ordinal).ThenByDescending(v => v.Version).ToList();
        var skip = query["page_token"].FirstOrDefault() is { } token ? int.Parse(token[5..], CultureInfo.InvariantCulture) : 0;
        var size = query["max_results"].FirstOrDefault() is { } max ? int.Parse(max, CultureInfo.InvariantCulture) : 100;
        var page = all.Skip(skip).Take(size).ToList();
        var next = skip + size < all.Count ? $"page-{skip + size}" : null;
        var capped = SearchCountCap is { } cap && all.Count > cap;
        return Ok(
            new VersionSearchResultDto(page, next, capped ? SearchCountCap!.Value : all.Count) { TotalCountIsLowerBound = capped },
            Json.VersionSearchResultDto);
    }
}
