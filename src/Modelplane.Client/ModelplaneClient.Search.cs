using System.Globalization;
using System.Text;
using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>Searches versions of all models (<c>GET /api/v1/versions</c>).</summary>
    /// <param name="filter">MLflow filter syntax, such as <c>tags.team = 'risk' and metrics.auc &gt; 0.9</c>; null matches all.</param>
    /// <param name="orderBy">One of <c>created</c>, <c>name</c>, <c>version</c>, <c>metrics.KEY</c> with ASC or DESC; newest first when null.</param>
    /// <param name="maxResults">Page size (server default 100, capped at 1000).</param>
    /// <param name="pageToken">The previous page's <see cref="VersionSearchResultDto.NextPageToken"/>.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<VersionSearchResultDto> SearchVersionsAsync(
        string? filter = null, string? orderBy = null, int? maxResults = null, string? pageToken = null, CancellationToken ct = default)
    {
        var query = new StringBuilder("api/v1/versions");
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(query.Length == "api/v1/versions".Length ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        Add("filter", filter);
        Add("order_by", orderBy);
        Add("max_results", maxResults?.ToString(CultureInfo.InvariantCulture));
        Add("page_token", pageToken);
        return GetAsync(query.ToString(), Json.VersionSearchResultDto, ct);
    }
}
