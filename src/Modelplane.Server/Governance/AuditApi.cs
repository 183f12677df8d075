using Microsoft.AspNetCore.Mvc;
using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Server.Api;
using Modelplane.Server.Hosting;

namespace Modelplane.Server.Governance;

/// <summary>The audit log under <c>/api/v1/audit</c>: list, export and verify the caller's workspace's chain (admins only).</summary>
internal static class AuditApi
{

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit");
        group.MapGet("", List).WithName("ListAuditRecords").RequireAccess(Permissions.Administer)
            .Produces<AuditPageDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest);
        group.MapGet("/export", Export).WithName("ExportAuditRecords").RequireAccess(Permissions.Administer)
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest);
        // Verification reads only; auditing it would also refuse it exactly when the log cannot be written.
        group.MapPost("/verify", Verify).WithName("VerifyAuditChain").RequireAccess(Permissions.Administer).ExcludeFromAudit()
            .Produces<AuditVerificationDto>();
        return group;
    }

    internal static async Task<IResult> List(HttpContext context, AuditLog log, CancellationToken ct)
    {
        var query = context.Request.Query;
        var (filter, error) = ParseFilter(context);
        if (filter is null)
        {
            return error!;
        }

        var limit = AuditLog.DefaultLimit;
        if (query["limit"] is { Count: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > AuditLog.MaxLimit))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"limit must be an integer from 1 to {AuditLog.MaxLimit}.");
        }

        string? pageToken = query["page_token"];
        if (!string.IsNullOrEmpty(pageToken) && !AuditLog.IsValidPageToken(pageToken))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "page_token is not a token this server gave out.");
        }

        var page = await log.QueryAsync(filter, limit, string.IsNullOrEmpty(pageToken) ? null : pageToken, ct).ConfigureAwait(false);
        return TypedResults.Ok(new AuditPageDto(page.Records.Select(ToDto).ToArray(), page.NextPageToken));
    }

    internal static async Task<IResult> Export(HttpContext context, AuditLog log, CancellationToken ct)
    {
        var (filter, error) = ParseFilter(context);
        if (filter is null)
        {
            return error!;
        }

        var format = context.Request.Query["format"].ToString();
        if (format is not ("jsonl" or "csv" or ""))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"format must be jsonl or csv, not '{format}'.");
        }

        var csv = format == "csv";
        var response = context.Response;
        response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"audit-{filter.Workspace}.{(csv ? "csv" : "jsonl")}\"";
        var records = log.ReadAllAsync(filter, ct);
        await (csv
            ? AuditExport.WriteCsvAsync(records, response.Body, ct)
            : AuditExport.WriteJsonLinesAsync(records, response.Body, ct)).ConfigureAwait(false);
        return Results.Empty;
    }

    internal static async Task<IResult> Verify([FromQuery(Name = "expect_head")] string? expectHead, HttpContext context, AuditLog log, CancellationToken ct)
    {
        AuditHead? witnessed = null;
        if (expectHead is not null && !AuditHead.TryParse(expectHead, out witnessed))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "expect_head must be SEQ:HASH as an earlier verification printed it, e.g. 42:<64 hex digits>.");
        }

        var result = await log.VerifyAsync(context.Workspace(), ct, witnessed).ConfigureAwait(false);
        // The contract's own options leave out the fields that do not apply ({"ok": true, "records": N}).
        return TypedResults.Json(
            result.Ok
                ? new AuditVerificationDto(true, result.RecordsChecked, null, null, null) { Head = result.HeadHash is null ? null : $"{result.RecordsChecked}:{result.HeadHash}" }
                : new AuditVerificationDto(false, null, result.RecordsChecked, result.BrokenAt, result.Problem),
            ModelplaneJson.Context.AuditVerificationDto);
    }

    internal static AuditRecordDto ToDto(AuditRecord r) => new(
        r.Seq, r.Time, r.Workspace, r.Actor, r.Action, r.Target, AuditOutcomes.Name(r.Outcome), r.Status,
        r.Before, r.After, r.ClientAddress, r.RequestId, r.PrevHash, r.Hash);

    // Until the access middleware attaches a caller, everything is the default workspace's.

    private static (AuditFilter? Filter, IResult? Error) ParseFilter(HttpContext context)
    {
        var query = context.Request.Query;
        AuditOutcome? outcome = null;
        if (query["outcome"] is { Count: > 0 } outcomeText && !string.IsNullOrEmpty(outcomeText))
        {
            if (!AuditOutcomes.TryParse(outcomeText, out var parsed))
            {
                return (null, ErrorResults.Error(StatusCodes.Status400BadRequest, $"outcome must be started, succeeded, failed or denied, not '{outcomeText}'."));
            }

            outcome = parsed;
        }

        if (!TryParseTime(query["since"], out var since))
        {
            return (null, ErrorResults.Error(StatusCodes.Status400BadRequest, "since must be an ISO-8601 time such as 2025-03-01T12:00:00Z."));
        }

        if (!TryParseTime(query["until"], out var until))
        {
            return (null, ErrorResults.Error(StatusCodes.Status400BadRequest, "until must be an ISO-8601 time such as 2025-03-01T12:00:00Z."));
        }

        return (new AuditFilter(context.Workspace(), Empty(query["actor"]), Empty(query["target"]), Empty(query["action"]), outcome, since, until), null);
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool TryParseTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        return false;
    }
}
