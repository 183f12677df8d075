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
/// Burn-rate alerts (<c>/api/v1/alerts</c>), the webhooks they are posted to (<c>…/receivers</c>) and silences that
/// stop notifications for a while without stopping evaluation (<c>…/silences</c>).
/// </summary>
internal static class AlertsApi
{
    private static readonly TimeSpan MaxSilence = TimeSpan.FromDays(30);

    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/alerts").WithTags("Alerts");
        group.MapGet("", List).WithName("ListAlerts").Produces<AlertDto[]>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).RequireAccess(Permissions.Read);
        group.MapPost("/receivers", SetReceiver).WithName("SetAlertReceiver")
            .Produces<AlertReceiverDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).RequireAccess(Permissions.Administer);
        group.MapGet("/receivers", ListReceivers).WithName("ListAlertReceivers").Produces<AlertReceiverDto[]>().RequireAccess(Permissions.Read);
        group.MapDelete("/receivers/{name}", DeleteReceiver).WithName("DeleteAlertReceiver")
            .Produces(StatusCodes.Status204NoContent).Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Administer);
        group.MapPost("/silences", AddSilence).WithName("AddAlertSilence")
            .Produces<AlertSilenceDto>(StatusCodes.Status201Created).Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Deploy);
        group.MapGet("/silences", ListSilences).WithName("ListAlertSilences").Produces<AlertSilenceDto[]>().RequireAccess(Permissions.Read);
        group.MapDelete("/silences/{id}", DeleteSilence).WithName("DeleteAlertSilence")
            .Produces(StatusCodes.Status204NoContent).Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Deploy);
        return group;
    }

    /// <summary>Alerts newest first: <c>state=firing</c> (the default), <c>resolved</c> or <c>all</c>; silenced ones say so.</summary>
    internal static async Task<IResult> List(IAlertStore alerts, TimeProvider time, CancellationToken ct, string state = "firing", int limit = 100)
    {
        if (state is not (SloAlertStates.Firing or SloAlertStates.Resolved or "all"))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"state '{state}' is not firing, resolved or all.");
        }

        var now = time.GetUtcNow();
        var silences = await alerts.ListSilencesAsync(now, includeExpired: false, ct).ConfigureAwait(false);
        var listed = await alerts.ListAlertsAsync(state == "all" ? null : state, Math.Clamp(limit, 1, 10_000), ct).ConfigureAwait(false);
        return TypedResults.Ok(listed.Select(a => AlertViews.ToDto(a, a.State == SloAlertStates.Firing && silences.Any(s => s.Covers(a.Endpoint, now)))).ToArray());
    }

    /// <summary>Adds a webhook, or replaces the one with the same name (its delivery figures start again).</summary>
    internal static async Task<IResult> SetReceiver(HttpRequest request, IAlertStore alerts, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.SetAlertReceiverRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (body.Name is not { Length: >= 1 and <= 64 } || !body.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"name '{body.Name}' must be 1-64 letters, digits, '-', '_' or '.'.");
        }

        if (!Uri.TryCreate(body.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"url '{body.Url}' is not an absolute http or https URL.");
        }

        if (body.Secret is { Length: 0 or > 256 })
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "secret must be 1-256 characters when given.");
        }

        var receiver = await alerts.SetReceiverAsync(body.Name, url, body.Secret, request.HttpContext.ActorName(), ct).ConfigureAwait(false);
        request.HttpContext.SetAuditSummary(after: $"receiver {receiver.Name} posts to {receiver.Url.GetLeftPart(UriPartial.Path)}{(receiver.Secret is null ? "" : ", signed")}");
        return TypedResults.Ok(ToDto(receiver));
    }

    internal static async Task<IResult> ListReceivers(IAlertStore alerts, CancellationToken ct) =>
        TypedResults.Ok((await alerts.ListReceiversAsync(ct).ConfigureAwait(false)).Select(ToDto).ToArray());

    internal static async Task<IResult> DeleteReceiver(string name, IAlertStore alerts, CancellationToken ct) =>
        await alerts.DeleteReceiverAsync(name, ct).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : ErrorResults.Error(StatusCodes.Status404NotFound, $"Alert receiver '{name}' not found.");

    /// <summary>Silences one endpoint's alerts (every endpoint's without one) from now for the duration given.</summary>
    internal static async Task<IResult> AddSilence(HttpRequest request, IAlertStore alerts, IEndpointStore endpoints, TimeProvider time, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.CreateAlertSilenceRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (SloWindows.Parse(body.Duration) is not { } duration || duration > MaxSilence)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"duration '{body.Duration}' is not a duration of 1m to 30d, e.g. 30m, 2h or 1d.");
        }

        if (string.IsNullOrWhiteSpace(body.Comment) || body.Comment.Length > 500)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "comment is required (1-500 characters): say why notifications stop, e.g. the maintenance.");
        }

        if (body.Endpoint is not null && await endpoints.GetAsync(body.Endpoint, ct).ConfigureAwait(false) is null)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{body.Endpoint}' not found.");
        }

        var now = time.GetUtcNow();
        var silence = await alerts.AddSilenceAsync(body.Endpoint, now, now + duration, body.Comment.Trim(), request.HttpContext.ActorName(), ct).ConfigureAwait(false);
        request.HttpContext.SetAuditSummary(after: string.Create(
            CultureInfo.InvariantCulture, $"silence {silence.Id} of {silence.Endpoint ?? "every endpoint"} until {silence.EndsAt:O}: {silence.Comment}"));
        return TypedResults.Created($"/api/v1/alerts/silences/{silence.Id}", ToDto(silence));
    }

    internal static async Task<IResult> ListSilences(IAlertStore alerts, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok((await alerts.ListSilencesAsync(time.GetUtcNow(), includeExpired: false, ct).ConfigureAwait(false)).Select(ToDto).ToArray());

    // The id is read by the handler rather than a route constraint, so a malformed one gets this API's 404 message.
    internal static async Task<IResult> DeleteSilence(string id, IAlertStore alerts, CancellationToken ct) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && await alerts.DeleteSilenceAsync(number, ct).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : ErrorResults.Error(StatusCodes.Status404NotFound, $"Silence '{id}' not found; `modelplane alerts silences` lists them.");

    private static AlertReceiverDto ToDto(AlertReceiver r) =>
        new(r.Name, r.Url.AbsoluteUri, r.Secret is not null, r.CreatedAt, r.CreatedBy, r.Delivered, r.Failed, r.LastAttemptAt, r.LastError);

    private static AlertSilenceDto ToDto(AlertSilence s) => new(s.Id, s.Endpoint, s.StartsAt, s.EndsAt, s.Comment, s.CreatedBy);
}
