using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Slos;
using Modelplane.Server.Hosting;
using Modelplane.Server.Slos;

namespace Modelplane.Server.Api;

/// <summary>
/// Endpoints' service-level objectives (<c>…/endpoints/{name}/slo</c>) and how they stand (<c>/api/v1/slos</c>):
/// SLI, error budget left, burn rates and the burn-rate alerts firing.
/// </summary>
internal static class SloApi
{
    public static IEndpointRouteBuilder MapSloApi(this IEndpointRouteBuilder app)
    {
        var endpoint = app.MapGroup("/api/v1/endpoints/{name}/slo").WithTags("SLOs");
        endpoint.MapPut("", Set).WithName("SetEndpointSlo")
            .Produces<SloDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Deploy);
        endpoint.MapGet("", Get).WithName("GetEndpointSlo").Produces<SloDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        endpoint.MapDelete("", Delete).WithName("DeleteEndpointSlo").Produces(StatusCodes.Status204NoContent).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Deploy);
        app.MapGet("/api/v1/slos", Status).WithTags("SLOs").WithName("GetSloStatus")
            .Produces<SloStatusDto[]>().Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        return app;
    }

    /// <summary>Sets the endpoint's objectives; one left out of the body is removed. A new latency threshold counts from the next request.</summary>
    internal static async Task<IResult> Set(string name, HttpRequest request, IEndpointStore endpoints, ISloStore slos, SloFlusher flusher, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.SetSloRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        var objectives = new List<SloObjective>();
        foreach (var (objective, dto) in new[] { (SloObjectives.Availability, body.Availability), (SloObjectives.Latency, body.Latency), (SloObjectives.Quality, body.Quality) })
        {
            if (dto is null)
            {
                continue;
            }

            if (SloWindows.Parse(dto.Window) is not { } window)
            {
                return ErrorResults.Error(StatusCodes.Status400BadRequest, $"{objective}.window '{dto.Window}' is not a window; write e.g. 30d, 7d or 12h (1h to 90d).");
            }

            var parsed = new SloObjective(name, objective, dto.Target, window, dto.ThresholdMs);
            if (parsed.Problem() is { } problem)
            {
                return ErrorResults.Error(StatusCodes.Status400BadRequest, problem);
            }

            objectives.Add(parsed);
        }

        if (objectives.Count == 0)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "An SLO needs at least one objective: availability, latency or quality.");
        }

        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            return NotFound(name);
        }

        var stored = await slos.SetAsync(name, objectives, request.HttpContext.ActorName(), ct).ConfigureAwait(false);
        flusher.ApplyThresholds(name, stored);
        request.HttpContext.SetAuditSummary(after: string.Join(", ", stored.Select(Describe)));
        return TypedResults.Ok(ToDto(name, stored));
    }

    /// <summary>The endpoint's objectives; 404 when the endpoint does not exist or has no SLO.</summary>
    internal static async Task<IResult> Get(string name, IEndpointStore endpoints, ISloStore slos, CancellationToken ct)
    {
        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            return NotFound(name);
        }

        var stored = await slos.ListAsync(name, ct).ConfigureAwait(false);
        return stored.Count == 0
            ? ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' has no SLO; set one with `modelplane slo set {name}`.")
            : TypedResults.Ok(ToDto(name, stored));
    }

    /// <summary>Removes the endpoint's SLO; its firing alerts resolve at the next evaluation.</summary>
    internal static async Task<IResult> Delete(string name, HttpRequest request, IEndpointStore endpoints, ISloStore slos, SloFlusher flusher, CancellationToken ct)
    {
        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            return NotFound(name);
        }

        var before = await slos.ListAsync(name, ct).ConfigureAwait(false);
        await slos.SetAsync(name, [], request.HttpContext.ActorName(), ct).ConfigureAwait(false);
        flusher.ApplyThresholds(name, []);
        request.HttpContext.SetAuditSummary(before: string.Join(", ", before.Select(Describe)), after: "no SLO");
        return TypedResults.NoContent();
    }

    /// <summary>How every objective (or one endpoint's) stands now, computed from the stored minute counts.</summary>
    internal static async Task<IResult> Status(
        IEndpointStore endpoints, SloCalculator calculator, IAlertStore alerts, Monitoring.QualityEvaluator quality, CancellationToken ct, string? endpoint = null)
    {
        if (endpoint is not null && await endpoints.GetAsync(endpoint, ct).ConfigureAwait(false) is null)
        {
            return NotFound(endpoint);
        }

        var statuses = await calculator.StatusAsync(endpoint, ct).ConfigureAwait(false);
        var firing = (await alerts.ListAlertsAsync(SloAlertStates.Firing, 10_000, ct).ConfigureAwait(false)).ToLookup(a => (a.Endpoint, a.Objective));
        return TypedResults.Ok(statuses.Select(s => new SloStatusDto(
            s.Objective.Endpoint, s.Objective.Objective, s.Objective.Target, SloWindows.Format(s.Objective.Window), s.Objective.ThresholdMs, s.Sli,
            s.Window.Events, s.Window.Bad, s.BudgetRemaining,
            [.. BurnRatePolicy.Windows.Select(w => new BurnRateDto(SloWindows.Format(w), s.BurnRate(w)))],
            [.. firing[(s.Objective.Endpoint, s.Objective.Objective)].Select(a => a.Condition)])
        {
            Source = s.Objective.Objective == SloObjectives.Quality ? quality.Source(s.Objective.Endpoint) : null,
        }).ToArray());
    }

    private static IResult NotFound(string name) => ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");

    private static SloDto ToDto(string endpoint, IReadOnlyList<SloObjective> objectives)
    {
        SloObjectiveDto? Of(string objective) => objectives.FirstOrDefault(o => o.Objective == objective) is { } o
            ? new SloObjectiveDto(o.Target, SloWindows.Format(o.Window), o.ThresholdMs)
            : null;
        var latest = objectives.MaxBy(o => o.UpdatedAt)!;
        return new SloDto(endpoint, Of(SloObjectives.Availability), Of(SloObjectives.Latency), Of(SloObjectives.Quality), latest.UpdatedAt, latest.UpdatedBy);
    }

    private static string Describe(SloObjective o) => string.Create(
        CultureInfo.InvariantCulture,
        $"{o.Objective} {o.Target * 100:0.###}% over {SloWindows.Format(o.Window)}{(o.ThresholdMs is { } ms ? $" under {ms:0.###} ms" : "")}");
}
