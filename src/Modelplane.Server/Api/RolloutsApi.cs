using System.Text.Json;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Governance.Policies;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Registry.Rollouts;
using Modelplane.Server.Governance;
using Modelplane.Server.Hosting;
using Modelplane.Server.Rollouts;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Api;

/// <summary>
/// Progressive rollouts of an endpoint: start one, read its status and history, pause, resume, promote or abort it,
/// and roll the endpoint back to its last stable version at once. Every decision goes through the workspace's
/// <see cref="RolloutController"/>, the same path its automatic decisions take.
/// </summary>
internal static class RolloutsApi
{
    // Bake times a person could mean: a tenth of a second (tests, demos) to a week.
    private const double MaxBakeSeconds = 7 * 24 * 3600;

    public static RouteGroupBuilder MapRolloutsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/endpoints/{name}").WithTags("Rollouts");
        group.MapPost("/rollout", Start).WithName("StartRollout")
            .Produces<RolloutDto>(StatusCodes.Status201Created).Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .Produces<PolicyRefusalDto>(StatusCodes.Status403Forbidden).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .Produces<ErrorDto>(StatusCodes.Status409Conflict).RequireAccess(Permissions.Deploy);
        group.MapGet("/rollout", Status).WithName("GetRollout")
            .Produces<RolloutDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        group.MapPost("/rollout/{action}", Act).WithName("ActOnRollout")
            .Produces<RolloutDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).Produces<ErrorDto>(StatusCodes.Status409Conflict)
            .RequireAccess(Permissions.Deploy);
        group.MapPost("/rollback", Rollback).WithName("RollbackEndpoint")
            .Produces<RolloutDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).Produces<ErrorDto>(StatusCodes.Status409Conflict)
            .RequireAccess(Permissions.Deploy);
        return group;
    }

    /// <summary>Starts moving the endpoint from the version it serves to another, one step at a time.</summary>
    internal static async Task<IResult> Start(
        string name, HttpRequest request, IEndpointStore endpoints, IModelStore models, IRolloutStore rollouts, ServingTable table,
        AdmissionPolicies admission, RolloutController controller, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.StartRolloutRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (string.IsNullOrEmpty(body.Model) || body.Version < 1)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "A rollout needs the model and version (1 or more) to roll out to.");
        }

        if (!double.IsFinite(body.BakeSeconds) || body.BakeSeconds > MaxBakeSeconds)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"bake must be positive and at most 7 days; got {body.BakeSeconds} s.");
        }

        var plan = new RolloutPlan(
            body.Steps ?? [],
            TimeSpan.FromSeconds(body.BakeSeconds),
            body.MaxErrorRateDelta ?? 0.01,
            body.MaxP95LatencyRatio ?? 1.5,
            body.MaxPredictionPsi ?? 0.2,
            body.MinRequests ?? 200);
        if (RolloutRules.Problem(plan) is { } problem)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, problem);
        }

        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is not { } endpoint)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");
        }

        if (await models.GetVersionAsync(body.Model, body.Version, ct).ConfigureAwait(false) is not { } canary)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Model '{body.Model}' has no version {body.Version}.");
        }

        if ((endpoint.Model, endpoint.Version) == (canary.Model, canary.Version))
        {
            return ErrorResults.Error(StatusCodes.Status409Conflict,
                $"Endpoint '{name}' already serves {canary.Model}@{canary.Version} as its stable version; roll out a different version.");
        }

        if (await rollouts.GetActiveAsync(name, ct).ConfigureAwait(false) is { } active)
        {
            return ErrorResults.Error(StatusCodes.Status409Conflict,
                $"Endpoint '{name}' already has rollout {active.Id} ({RolloutStates.Name(active.State)} at {active.StepPercent}%); promote, abort or roll it back first.");
        }

        await admission.EnsureAllowedAsync(request.HttpContext.Workspace(), canary, PolicyAction.Deploy, ct).ConfigureAwait(false);
        await table.PreloadAsync(canary, ct).ConfigureAwait(false);
        var rollout = await controller.StartAsync(
            new NewRollout(name, endpoint.Model, endpoint.Version, canary.Model, canary.Version, plan, request.HttpContext.ActorName()), ct).ConfigureAwait(false);
        request.HttpContext.SetAuditSummary(before: $"{endpoint.Model}@{endpoint.Version}", after: $"rollout {rollout.Id} to {canary.Model}@{canary.Version}");
        return TypedResults.Created($"/api/v1/endpoints/{Uri.EscapeDataString(name)}/rollout", await ToDtoAsync(rollout, rollouts, controller, ct).ConfigureAwait(false));
    }

    /// <summary>The endpoint's active rollout, or its last one, with its history.</summary>
    internal static async Task<IResult> Status(string name, IRolloutStore rollouts, RolloutController controller, CancellationToken ct) =>
        await rollouts.GetLatestAsync(name, ct).ConfigureAwait(false) is { } rollout
            ? TypedResults.Ok(await ToDtoAsync(rollout, rollouts, controller, ct).ConfigureAwait(false))
            : ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' has no rollout.");

    /// <summary>Pauses, resumes, promotes or aborts the endpoint's active rollout.</summary>
    internal static async Task<IResult> Act(string name, string action, HttpRequest request, IRolloutStore rollouts, RolloutController controller, CancellationToken ct)
    {
        RolloutAction? parsed = action switch
        {
            "pause" => RolloutAction.Pause,
            "resume" => RolloutAction.Resume,
            "promote" => RolloutAction.Promote,
            "abort" => RolloutAction.Abort,
            _ => null,
        };
        if (parsed is not { } known)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Unknown rollout action '{action}'; use pause, resume, promote or abort.");
        }

        var rollout = await controller.ActAsync(name, known, request.HttpContext.ActorName(), ct).ConfigureAwait(false);
        request.HttpContext.SetAuditSummary(after: $"rollout {rollout.Id} {RolloutStates.Name(rollout.State)} at {rollout.StepPercent}%");
        return TypedResults.Ok(await ToDtoAsync(rollout, rollouts, controller, ct).ConfigureAwait(false));
    }

    /// <summary>Returns the endpoint to its last stable version at once.</summary>
    internal static async Task<IResult> Rollback(string name, HttpRequest request, IEndpointStore endpoints, IRolloutStore rollouts, RolloutController controller, CancellationToken ct)
    {
        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found.");
        }

        var rollout = await controller.RollbackAsync(name, request.HttpContext.ActorName(), ct).ConfigureAwait(false);
        request.HttpContext.SetAuditSummary(after: $"rolled back to {rollout.BaselineModel}@{rollout.BaselineVersion}");
        return TypedResults.Ok(await ToDtoAsync(rollout, rollouts, controller, ct).ConfigureAwait(false));
    }

    private static async Task<RolloutDto> ToDtoAsync(Rollout rollout, IRolloutStore rollouts, RolloutController controller, CancellationToken ct)
    {
        // Re-read: a rollback without an active rollout appends to a rollout the caller already holds.
        var current = await rollouts.GetLatestAsync(rollout.Endpoint, ct).ConfigureAwait(false) is { } latest && latest.Id == rollout.Id ? latest : rollout;
        var events = await rollouts.EventsAsync(current.Id, ct).ConfigureAwait(false);
        var live = controller.Live(current);
        var plan = current.Plan;
        return new RolloutDto(current.Id, current.Endpoint, current.BaselineModel, current.BaselineVersion, current.CanaryModel, current.CanaryVersion, RolloutStates.Name(current.State))
        {
            Steps = plan.Steps,
            StepIndex = current.StepIndex,
            StepPercent = current.StepPercent,
            BakeSeconds = plan.Bake.TotalSeconds,
            MaxErrorRateDelta = plan.MaxErrorRateDelta,
            MaxP95LatencyRatio = plan.MaxP95LatencyRatio,
            MaxPredictionPsi = plan.MaxPredictionPsi,
            MinRequests = plan.MinRequests,
            StepStartedAt = current.StepStartedAt,
            BakeEndsAt = current.State == RolloutState.Running ? current.StepStartedAt + plan.Bake : null,
            CreatedBy = current.CreatedBy,
            CreatedAt = current.CreatedAt,
            Reason = current.Reason,
            Live = live is var (baseline, canary) ? new RolloutLiveDto(baseline.Requests, baseline.Errors, canary.Requests, canary.Errors) : null,
            Events = [.. events.Select(e => new RolloutEventDto(e.Sequence, e.At, e.Actor, e.Kind, e.From, e.To, e.Reason)
            {
                Figures = e.FiguresJson is { } json ? JsonSerializer.Deserialize(json, ModelplaneJson.Context.RolloutFiguresDto) : null,
            })],
        };
    }
}
