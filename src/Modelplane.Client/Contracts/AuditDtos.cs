using System.Text.Json.Serialization;

namespace Modelplane.Client.Contracts;

/// <summary>One audit record (<c>GET /api/v1/audit</c>); field names are snake_case on the wire.</summary>
/// <param name="Seq">Position in the workspace's chain, from 1.</param>
/// <param name="Time">When it was written.</param>
/// <param name="Workspace">The workspace.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="Action">What was done (the route name, e.g. <c>CreateEndpoint</c>).</param>
/// <param name="Target">What it was done to (method and path).</param>
/// <param name="Outcome"><c>started</c>, <c>succeeded</c>, <c>failed</c> or <c>denied</c>.</param>
/// <param name="Status">The HTTP status answered, if any.</param>
/// <param name="Before">Summary before the change.</param>
/// <param name="After">Summary after the change.</param>
/// <param name="ClientAddress">The caller's IP address.</param>
/// <param name="RequestId">The request id.</param>
/// <param name="PrevHash">The previous record's hash, hex.</param>
/// <param name="Hash">This record's hash, hex.</param>
public sealed record AuditRecordDto(
    long Seq,
    DateTimeOffset Time,
    string Workspace,
    string Actor,
    string Action,
    string Target,
    string Outcome,
    int? Status,
    string? Before,
    string? After,
    [property: JsonPropertyName("client_address")] string? ClientAddress,
    [property: JsonPropertyName("request_id")] string? RequestId,
    [property: JsonPropertyName("prev_hash")] string PrevHash,
    string Hash);

/// <summary>A page of audit records, newest first.</summary>
/// <param name="Records">The records.</param>
/// <param name="NextPageToken">Pass as <c>page_token</c> for the next (older) page; null on the last page.</param>
public sealed record AuditPageDto(
    IReadOnlyList<AuditRecordDto> Records,
    [property: JsonPropertyName("next_page_token")] string? NextPageToken);

/// <summary>
/// The answer of <c>POST /api/v1/audit/verify</c>: <c>{"ok": true, "records": N}</c>, or
/// <c>{"ok": false, "records_checked": N, "broken_at": SEQ, "problem": "..."}</c>.
/// </summary>
/// <param name="Ok">True when the whole chain checked out.</param>
/// <param name="Records">How many records the intact chain holds (when ok).</param>
/// <param name="RecordsChecked">How many records checked out before the break (when not ok).</param>
/// <param name="BrokenAt">The seq of the first broken link (when not ok).</param>
/// <param name="Problem">What is wrong there (when not ok).</param>
public sealed record AuditVerificationDto(
    bool Ok,
    long? Records,
    [property: JsonPropertyName("records_checked")] long? RecordsChecked,
    [property: JsonPropertyName("broken_at")] long? BrokenAt,
    string? Problem)
{
    /// <summary>The newest record's <c>SEQ:HASH</c> when ok: keep it outside the server and pass it back as <c>expect_head</c> to detect removed records.</summary>
    public string? Head { get; init; }
}

/// <summary>Filters for listing and exporting audit records; null matches everything.</summary>
public sealed record AuditFilterOptions
{
    /// <summary>Exact actor name.</summary>
    public string? Actor { get; init; }

    /// <summary>A substring of the target, e.g. <c>/endpoints/churn</c>.</summary>
    public string? Target { get; init; }

    /// <summary>Exact action, e.g. <c>CreateEndpoint</c>.</summary>
    public string? Action { get; init; }

    /// <summary><c>started</c>, <c>succeeded</c>, <c>failed</c> or <c>denied</c>.</summary>
    public string? Outcome { get; init; }

    /// <summary>Records written at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Records written before this time.</summary>
    public DateTimeOffset? Until { get; init; }
}
