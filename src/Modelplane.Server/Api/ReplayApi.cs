using System.Globalization;
using Microsoft.Extensions.Options;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.InferenceLog;
using Modelplane.Registry.Models;
using Modelplane.Server.Governance;
using Modelplane.Server.Hosting;
using Modelplane.Server.Replay;
using Modelplane.Serving;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Api;

/// <summary>
/// <c>POST /api/v1/endpoints/{name}/replay</c>: re-runs an endpoint's logged inputs through another version offline and
/// reports how its answers agree with the logged ones.
/// </summary>
internal static class ReplayApi
{
    /// <summary>The most records one replay reads: each runs on the serving process, one after another.</summary>
    public const int MaxLimit = 10_000;

    private const int DefaultLimit = 1000;
    private const int DefaultTop = 10;
    private const int MaxTop = 1000;

    public static RouteGroupBuilder MapReplayApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/endpoints/{name}").WithTags("Inference log");

        // Deploy, not Read or Predict: a replay loads the target into the serving process (as the OIP repository's
        // load does, which needs Deploy), takes memory from the workspace's budget and runs up to 10,000 inferences
        // beside live traffic. Reading the log (Read) or calling a model once (Predict) spends neither on that scale.
        group.MapPost("/replay", Replay).WithName("ReplayInferenceLog")
            .Produces<ReplayReportDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Deploy);
        return group;
    }

    /// <summary>Replays the endpoint's logged records in range through <c>to</c> and compares the answers.</summary>
    internal static async Task<IResult> Replay(
        string name, HttpRequest request, IEndpointStore endpoints, IModelAliasStore aliases, IInferenceLogStore log, ServingTable table,
        IOptions<ServingOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");
        }

        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.ReplayRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (Problem(body, time.GetUtcNow(), out var since, out var until) is { } problem)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, problem);
        }

        var at = body.To.LastIndexOf('@');
        var (target, notFound) = await ApiRequests.FindVersionAsync(body.To[..at], body.To[(at + 1)..], aliases, ct).ConfigureAwait(false);
        if (target is null)
        {
            return notFound!;
        }

        var records = await log.QueryAsync(
            new InferenceLogQuery(name) { Version = body.Version, Since = since, Until = until, Limit = body.Limit ?? DefaultLimit }, ct).ConfigureAwait(false);
        var to = $"{target.Model}@{target.Version.ToString(CultureInfo.InvariantCulture)}";
        var tally = new ReplayTally(body.Top ?? DefaultTop);
        if (records.Count > 0)
        {
            // The cache's runner, loaded like any control-path load (within the memory budget, at most once per version);
            // the replay calls it directly, never through a route.
            var runner = await table.PreloadAsync(target, ct).ConfigureAwait(false);
            await LogReplay.RunAsync(records, runner, options.Value, tally, time, ct).ConfigureAwait(false);
        }

        request.HttpContext.SetAuditSummary(after: string.Create(
            CultureInfo.InvariantCulture, $"replayed {tally.Replayed} of {records.Count} logged records through {to}"));
        return TypedResults.Ok(tally.ToDto(name, to, records.Count) with { Since = since, Until = until, Version = body.Version });
    }

    private static string? Problem(ReplayRequest body, DateTimeOffset now, out DateTimeOffset? since, out DateTimeOffset? until)
    {
        until = null;
        var at = body.To?.LastIndexOf('@') ?? -1;
        if (body.To is null || at <= 0 || at == body.To.Length - 1)
        {
            since = null;
            return $"to '{body.To}' is not MODEL@VERSION (or MODEL@ALIAS), e.g. churn@3.";
        }

        if (!InferenceLogApi.TryParseTime(body.Since, now, out since))
        {
            return $"since '{body.Since}' is neither a duration back from now (30m, 2h, 7d) nor an ISO-8601 time.";
        }

        if (!InferenceLogApi.TryParseTime(body.Until, now, out until))
        {
            return $"until '{body.Until}' is neither a duration back from now (30m, 2h, 7d) nor an ISO-8601 time.";
        }

        return since > until ? "until is before since."
            : body.Version is < 1 ? $"version is {body.Version}; it is 1 or more."
            : body.Limit is < 1 or > MaxLimit ? $"limit is {body.Limit}; it is from 1 to {MaxLimit}."
            : body.Top is < 0 or > MaxTop ? $"top is {body.Top}; it is from 0 to {MaxTop}."
            : null;
    }
}
