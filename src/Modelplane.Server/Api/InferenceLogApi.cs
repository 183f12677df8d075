using System.Globalization;
using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.InferenceLog;
using Modelplane.Server.Governance;
using Modelplane.Server.Hosting;
using Modelplane.Server.InferenceLog;

namespace Modelplane.Server.Api;

/// <summary>
/// An endpoint's inference log: what it samples (<c>…/logging</c>), what it kept (<c>…/logs</c>, as JSON, CSV or
/// Parquet) and the ground truth that arrives later by request id (<c>…/labels</c>).
/// </summary>
internal static class InferenceLogApi
{
    public static RouteGroupBuilder MapInferenceLogApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/endpoints/{name}").WithTags("Inference log");
        group.MapPut("/logging", SetLogging).WithName("SetEndpointLogging")
            .Produces<EndpointDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Deploy);
        group.MapDelete("/logging", StopLogging).WithName("StopEndpointLogging")
            .Produces<EndpointDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Deploy);
        group.MapGet("/logs", Query).WithName("QueryInferenceLog")
            .Produces<InferenceLogRecordDto[]>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Read);
        group.MapPost("/labels", PostLabels).WithName("PostLabels")
            .Produces<LabelResultDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Push);
        return group;
    }

    /// <summary>Sets the share of requests logged, how long records are kept and which input fields are stored only as a keyed hash.</summary>
    internal static async Task<IResult> SetLogging(string name, HttpRequest request, IEndpointStore endpoints, InferenceLogSampling sampling, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.InferenceLoggingDto, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (!double.IsFinite(body.RetentionDays) || body.RetentionDays <= 0 || body.RetentionDays > InferenceLogging.MaxRetention.TotalDays)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"retentionDays is {body.RetentionDays}; it is more than 0 and at most 3650.");
        }

        var logging = new InferenceLogging(body.SampleRate, TimeSpan.FromDays(body.RetentionDays), body.Redact ?? []);
        if (logging.Problem() is { } problem)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, problem);
        }

        var endpoint = await endpoints.SetLoggingAsync(name, logging, ct).ConfigureAwait(false);
        sampling.Configure(endpoint);
        request.HttpContext.SetAuditSummary(after: string.Create(
            CultureInfo.InvariantCulture, $"logging {logging.SampleRate * 100:0.##}% of requests, kept {logging.Retention.TotalDays:G4} days, redacting [{string.Join(", ", logging.Redact)}]"));
        return TypedResults.Ok(endpoint.ToDto());
    }

    /// <summary>Stops logging; what was logged stays until its retention ends.</summary>
    internal static async Task<IResult> StopLogging(string name, HttpRequest request, IEndpointStore endpoints, InferenceLogSampling sampling, CancellationToken ct)
    {
        var endpoint = await endpoints.SetLoggingAsync(name, null, ct).ConfigureAwait(false);
        sampling.Configure(endpoint);
        request.HttpContext.SetAuditSummary(after: "logging stopped");
        return TypedResults.Ok(endpoint.ToDto());
    }

    /// <summary>Logged predictions, newest first: JSON by default, or a CSV or Parquet file with <c>format=csv|parquet</c>.</summary>
    internal static async Task<IResult> Query(
        string name, HttpContext context, IEndpointStore endpoints, IInferenceLogStore log, TimeProvider time, CancellationToken ct,
        string? since = null, string? until = null, int? version = null, string? model = null, string? request_id = null, int limit = 100, string format = "json")
    {
        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");
        }

        if (format is not ("json" or "csv" or "parquet"))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"format '{format}' is not json, csv or parquet.");
        }

        var now = time.GetUtcNow();
        if (!TryParseTime(since, now, out var from) || !TryParseTime(until, now, out var to))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "since and until are a duration back from now (30m, 2h, 7d) or an ISO-8601 time.");
        }

        var rows = await log.QueryAsync(new InferenceLogQuery(name) { Version = version, Model = model, Since = from, Until = to, RequestId = request_id, Limit = limit }, ct)
            .ConfigureAwait(false);
        switch (format)
        {
            case "csv":
                context.Response.ContentType = "text/csv; charset=utf-8";
                await InferenceLogExport.WriteCsvAsync(rows, context.Response.Body, ct).ConfigureAwait(false);
                return TypedResults.Empty;
            case "parquet":
                context.Response.ContentType = "application/vnd.apache.parquet";
                using (var buffer = new MemoryStream())
                {
                    // Parquet's footer is written last and its writer seeks: build the file, then send it.
                    await InferenceLogExport.WriteParquetAsync(rows, buffer, ct).ConfigureAwait(false);
                    buffer.Position = 0;
                    await buffer.CopyToAsync(context.Response.Body, ct).ConfigureAwait(false);
                }

                return TypedResults.Empty;
            default:
                return TypedResults.Ok(rows.Select(ToDto).ToArray());
        }
    }

    /// <summary>Stores ground truth by request id; ids not in the log (yet) are kept and counted as unmatched.</summary>
    internal static async Task<IResult> PostLabels(string name, HttpRequest request, IEndpointStore endpoints, IInferenceLogStore log, TimeProvider time, CancellationToken ct)
    {
        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");
        }

        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.PostLabelsRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        // One label ({"requestId", "label"}) or many ({"labels": [...]}).
        IReadOnlyList<LabelDto?> labels = body.Labels ?? (body.RequestId is not null || body.Label is not null ? [new LabelDto(body.RequestId!, body.Label ?? default)] : []);
        if (labels.Count is 0 or > 100_000)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"Send one label (requestId, label) or labels with 1 to 100000 entries; got {labels.Count}.");
        }

        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] is not { RequestId.Length: > 0 and <= 128, Label.ValueKind: not JsonValueKind.Undefined })
            {
                return ErrorResults.Error(StatusCodes.Status400BadRequest, $"Label {i} needs a requestId (1-128 characters) and a label (any JSON value).");
            }
        }

        var now = time.GetUtcNow();
        var result = await log.AddLabelsAsync(name, [.. labels.Select(l => new GroundTruth(l!.RequestId, l.Label.GetRawText(), now))], ct).ConfigureAwait(false);
        return TypedResults.Ok(new LabelResultDto(result.Stored, result.Matched, result.Unmatched));
    }

    private static InferenceLogRecordDto ToDto(InferenceLogRecord r) => new(
        r.RequestId, r.At, r.Model, r.Version, Parse(r.Inputs), r.Outputs is { } outputs ? Parse(outputs) : null, r.LatencyMs, r.Status, r.Route)
    {
        Caller = r.Caller,
    };

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    internal static bool TryParseTime(string? text, DateTimeOffset now, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (text.Length >= 2 && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount <= 100_000)
        {
            TimeSpan? ago = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (ago is { } span)
            {
                time = now - span;
                return true;
            }
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            time = when;
            return true;
        }

        return false;
    }
}
