using System.Globalization;
using System.Text;
using Modelplane.Client.Contracts;

namespace Modelplane.Client;

/// <summary>What to read from an endpoint's inference log; null fields do not filter.</summary>
/// <param name="Since">A duration back from now (<c>30m</c>, <c>2h</c>, <c>7d</c>) or an ISO-8601 time.</param>
/// <param name="Until">The same, for the end of the range.</param>
public sealed record InferenceLogFilter(string? Since = null, string? Until = null, int? Version = null, string? RequestId = null, int Limit = 100);

public sealed partial class ModelplaneClient
{
    /// <summary>Logged predictions of an endpoint, newest first (<c>GET /api/v1/endpoints/{name}/logs</c>).</summary>
    public Task<IReadOnlyList<InferenceLogRecordDto>> QueryInferenceLogAsync(string endpoint, InferenceLogFilter filter, CancellationToken ct = default)
        => GetAsync(LogsQuery(endpoint, filter).ToString(), Json.IReadOnlyListInferenceLogRecordDto, ct);

    /// <summary>Writes logged predictions as <c>csv</c> or <c>parquet</c> to <paramref name="destination"/>; returns the bytes written.</summary>
    public async Task<long> ExportInferenceLogAsync(string endpoint, InferenceLogFilter filter, string format, Stream destination, CancellationToken ct = default)
    {
        var query = LogsQuery(endpoint, filter);
        Append(query, "format", format);
        using var request = new HttpRequestMessage(HttpMethod.Get, query.ToString());
        return await DownloadAsync(request, destination, progress: null, ct).ConfigureAwait(false);
    }

    /// <summary>Posts ground-truth labels by request id (<c>POST /api/v1/endpoints/{name}/labels</c>).</summary>
    public Task<LabelResultDto> PostLabelsAsync(string endpoint, IReadOnlyList<LabelDto> labels, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Post, $"api/v1/endpoints/{Segment(endpoint)}/labels", new PostLabelsRequest(labels), Json.PostLabelsRequest, Json.LabelResultDto, ct);

    private static StringBuilder LogsQuery(string endpoint, InferenceLogFilter filter)
    {
        var query = new StringBuilder($"api/v1/endpoints/{Segment(endpoint)}/logs");
        Append(query, "since", filter.Since);
        Append(query, "until", filter.Until);
        Append(query, "version", filter.Version?.ToString(CultureInfo.InvariantCulture));
        Append(query, "request_id", filter.RequestId);
        Append(query, "limit", filter.Limit.ToString(CultureInfo.InvariantCulture));
        return query;
    }
}
