using System.Globalization;
using System.Text;
using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>Lists audit records of the caller's workspace, newest first (<c>GET /api/v1/audit</c>).</summary>
    /// <param name="filter">Which records; null for all.</param>
    /// <param name="limit">Page size (server default 100, at most 1000).</param>
    /// <param name="pageToken">The previous page's <see cref="AuditPageDto.NextPageToken"/>.</param>
    /// <param name="ct">Cancels the request.</param>
    public Task<AuditPageDto> ListAuditAsync(AuditFilterOptions? filter = null, int? limit = null, string? pageToken = null, CancellationToken ct = default)
    {
        var query = AuditQuery("api/v1/audit", filter);
        Append(query, "limit", limit?.ToString(CultureInfo.InvariantCulture));
        Append(query, "page_token", pageToken);
        return GetAsync(query.ToString(), Json.AuditPageDto, ct);
    }

    /// <summary>Recomputes the caller's workspace's audit chain on the server (<c>POST /api/v1/audit/verify</c>).</summary>
    /// <remarks>A broken chain is an answer, not an error: check <see cref="AuditVerificationDto.Ok"/>.</remarks>
    /// <param name="expectHead">A <c>SEQ:HASH</c> head an earlier verification returned; the chain must still hold it.</param>
    /// <param name="ct">Cancels the call.</param>
    public async Task<AuditVerificationDto> VerifyAuditAsync(string? expectHead = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Post, expectHead is null ? "api/v1/audit/verify" : $"api/v1/audit/verify?expect_head={Uri.EscapeDataString(expectHead)}");
        return await SendAsync(request, Json.AuditVerificationDto, ct).ConfigureAwait(false);
    }

    /// <summary>Streams every matching record, oldest first, into <paramref name="destination"/> (<c>GET /api/v1/audit/export</c>).</summary>
    /// <param name="format"><c>jsonl</c> (one JSON object per line) or <c>csv</c> (RFC 4180 with a header row).</param>
    /// <param name="destination">Receives the export; the caller keeps ownership.</param>
    /// <param name="filter">Which records; null for all.</param>
    /// <param name="ct">Cancels the download.</param>
    /// <returns>The number of bytes written.</returns>
    public async Task<long> ExportAuditAsync(string format, Stream destination, AuditFilterOptions? filter = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        ArgumentNullException.ThrowIfNull(destination);
        var query = AuditQuery("api/v1/audit/export", filter);
        Append(query, "format", format);
        using var request = new HttpRequestMessage(HttpMethod.Get, query.ToString());
        return await DownloadAsync(request, destination, progress: null, ct).ConfigureAwait(false);
    }

    private static StringBuilder AuditQuery(string path, AuditFilterOptions? filter)
    {
        var query = new StringBuilder(path);
        Append(query, "actor", filter?.Actor);
        Append(query, "target", filter?.Target);
        Append(query, "action", filter?.Action);
        Append(query, "outcome", filter?.Outcome);
        Append(query, "since", filter?.Since?.ToString("O", CultureInfo.InvariantCulture));
        Append(query, "until", filter?.Until?.ToString("O", CultureInfo.InvariantCulture));
        return query;
    }

    private static void Append(StringBuilder query, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            query.Append(query.ToString().Contains('?', StringComparison.Ordinal) ? '&' : '?').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }
    }
}
