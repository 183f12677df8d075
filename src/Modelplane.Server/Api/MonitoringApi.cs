using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;
using Modelplane.Serving.Monitoring.Windows;
using Modelplane.Server.Hosting;
using Modelplane.Server.Monitoring;
using Modelplane.Server.Slos;

namespace Modelplane.Server.Api;

/// <summary>
/// Drift monitoring of endpoints: how windows are cut and judged (<c>…/monitoring</c>), the windows with their drift
/// reports (<c>…/drift</c>), and models' retraining webhooks (<c>/api/v1/models/{name}/retraining</c>).
/// </summary>
internal static partial class MonitoringApi
{
    /// <summary>Most windows one drift request returns per version.</summary>
    public const int MaxWindows = 1_000;

    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var endpoint = app.MapGroup("/api/v1/endpoints/{name}").WithTags("Monitoring");
        endpoint.MapGet("/monitoring", GetSettings).WithName("GetEndpointMonitoring")
            .Produces<MonitoringSettingsDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        endpoint.MapPut("/monitoring", SetSettings).WithName("SetEndpointMonitoring")
            .Produces<MonitoringSettingsDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Deploy);
        endpoint.MapGet("/drift", GetDrift).WithName("GetEndpointDrift")
            .Produces<EndpointDriftDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Read);
        endpoint.MapGet("/drift/windows/{id}", GetWindow).WithName("GetDriftWindow")
            .Produces<DriftWindowDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        endpoint.MapGet("/quality", GetQuality).WithName("GetEndpointQuality")
            .Produces<EndpointQualityDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Read);
        MapRetraining(app);
        return app;
    }

    /// <summary>The endpoint's monitoring settings, the defaults when nobody set them.</summary>
    internal static async Task<IResult> GetSettings(string name, IEndpointStore endpoints, IMonitoringStore store, CancellationToken ct)
    {
        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            return NotFound(name);
        }

        return TypedResults.Ok(DriftViews.ToDto(name, await store.GetSettingsAsync(name, ct).ConfigureAwait(false) ?? MonitoringSettings.Default));
    }

    /// <summary>Changes the fields given; the new window settings apply from the next window (the open one is dropped).</summary>
    internal static async Task<IResult> SetSettings(
        string name, HttpRequest request, IEndpointStore endpoints, IMonitoringStore store, MonitoringReconciler reconciler, WindowAnalyzer analyzer,
        CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.SetMonitoringRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            return NotFound(name);
        }

        var current = await store.GetSettingsAsync(name, ct).ConfigureAwait(false) ?? MonitoringSettings.Default;
        if (Merge(current, body, out var problem) is not { } merged)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, problem!);
        }

        var stored = await store.SetSettingsAsync(name, merged, request.HttpContext.ActorName(), ct).ConfigureAwait(false);
        analyzer.SettingsChanged(name);
        await reconciler.ReconcileAsync(ct).ConfigureAwait(false);
        var view = DriftViews.ToDto(name, stored);
        request.HttpContext.SetAuditSummary(after: string.Create(
            CultureInfo.InvariantCulture,
            $"{(view.Enabled ? "on" : "off")}, windows of {view.WindowRows?.ToString(CultureInfo.InvariantCulture) ?? "any"} rows / {view.WindowDuration ?? "any time"}, alert after {view.ConsecutiveWindows}"));
        return TypedResults.Ok(view);
    }

    /// <summary>Per version the endpoint serves or served: whether it is counted now, and its latest windows with their drift.</summary>
    internal static async Task<IResult> GetDrift(
        string name, IEndpointStore endpoints, IMonitoringStore store, IReferenceProfileStore references, LiveProfiles profiles, CancellationToken ct,
        string? model = null, int? version = null, int limit = 10)
    {
        if (limit is < 1 or > MaxWindows)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"limit must be from 1 to {MaxWindows}; {limit} was given.");
        }

        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is not { } found)
        {
            return NotFound(name);
        }

        var settings = await store.GetSettingsAsync(name, ct).ConfigureAwait(false) ?? MonitoringSettings.Default;
        var recent = await store.ListWindowsAsync(name, model, version, MaxWindows, ct).ConfigureAwait(false);
        var versions = found.ServedVersions().Concat(recent.Select(w => (w.Model, w.Version)))
            .Where(v => (model is null || v.Model == model) && (version is null || v.Version == version))
            .Distinct()
            .ToList();
        var views = new List<VersionDriftDto>(versions.Count);
        foreach (var (m, v) in versions)
        {
            var reference = await references.GetAsync(m, v, ct).ConfigureAwait(false);
            var live = profiles.Find(name, m, v);
            var windows = recent.Where(w => w.Model == m && w.Version == v).Take(limit).Select(w => DriftViews.ToDto(w, reference)).ToList();
            views.Add(new VersionDriftDto(m, v, live is not null, live?.OpenRows ?? 0, live?.OpenSince, windows));
        }

        return TypedResults.Ok(new EndpointDriftDto(name, DriftViews.ToDto(name, settings), views));
    }

    /// <summary>The quality of the endpoint's latest windows: realised from labels (late labels count), estimated from confidence.</summary>
    internal static async Task<IResult> GetQuality(
        string name, IEndpointStore endpoints, QualityEvaluator quality, CancellationToken ct, string? model = null, int? version = null, int limit = 20)
    {
        if (limit is < 1 or > MaxWindows)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"limit must be from 1 to {MaxWindows}; {limit} was given.");
        }

        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            return NotFound(name);
        }

        return TypedResults.Ok(await quality.QualityAsync(name, model, version, limit, ct).ConfigureAwait(false));
    }

    /// <summary>One closed window with its drift report and each feature's bins.</summary>
    internal static async Task<IResult> GetWindow(string name, string id, IMonitoringStore store, IReferenceProfileStore references, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"'{id}' is not a window id; window ids are whole numbers, as `modelplane drift {name}` lists them.");
        }

        if (await store.GetWindowAsync(name, number, ct).ConfigureAwait(false) is not { } window)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' has no monitoring window {id}. List its windows with `modelplane drift {name}`.");
        }

        var reference = await references.GetAsync(window.Model, window.Version, ct).ConfigureAwait(false);
        return TypedResults.Ok(DriftViews.ToDto(window, reference));
    }

    private static MonitoringSettings? Merge(MonitoringSettings current, SetMonitoringRequest body, out string? problem)
    {
        problem = null;
        if (body.WindowRows is < 1)
        {
            problem = $"windowRows must be at least 1 (got {body.WindowRows}); to close windows by time only, send clearWindowRows.";
            return null;
        }

        TimeSpan? duration = current.WindowDuration;
        if (body.WindowDuration is { } text)
        {
            if (SloWindows.Parse(text) is not { } parsed || parsed > TimeSpan.FromDays(30))
            {
                problem = $"windowDuration '{text}' is not a duration from 1s to 30d; write e.g. 30m, 1h or 1d.";
                return null;
            }

            duration = parsed;
        }

        var thresholds = current.ThresholdsJson;
        if (body.Thresholds is { } t)
        {
            if (ThresholdProblem(t) is { } bad)
            {
                problem = bad;
                return null;
            }

            thresholds = System.Text.Json.JsonSerializer.Serialize(t, ModelplaneJson.Context.DriftThresholdsDto);
        }

        var merged = new MonitoringSettings(
            body.Enabled ?? current.Enabled,
            body.ClearWindowRows ? null : body.WindowRows ?? current.WindowRows,
            body.ClearWindowDuration ? null : duration,
            body.ConsecutiveWindows ?? current.ConsecutiveWindows,
            thresholds);
        problem = merged.Problem();
        return problem is null ? merged : null;
    }

    private static string? ThresholdProblem(DriftThresholdsDto t)
    {
        foreach (var (field, value) in new[] { ("psiWarning", t.PsiWarning), ("psiAlert", t.PsiAlert) })
        {
            if (value is < 0 or > 100 || value is double.NaN)
            {
                return $"thresholds.{field} must be from 0 to 100 (got {value})";
            }
        }

        foreach (var (field, value) in new[] { ("pValueAlpha", t.PValueAlpha), ("missingRateWarning", t.MissingRateWarning), ("missingRateAlert", t.MissingRateAlert) })
        {
            if (value is < 0 or > 1 || value is double.NaN)
            {
                return $"thresholds.{field} must be from 0 to 1 (got {value})";
            }
        }

        if ((t.PsiWarning ?? 0.1) > (t.PsiAlert ?? 0.25))
        {
            return "thresholds.psiWarning must not be above thresholds.psiAlert";
        }

        if (t.MinRows is < 1 or > int.MaxValue)
        {
            return $"thresholds.minRows must be at least 1 (got {t.MinRows})";
        }

        return t.Features?.FirstOrDefault(f => f.Value.PsiWarning < 0 || f.Value.PsiWarning > f.Value.PsiAlert) is { Key: { } feature }
            ? $"thresholds.features['{feature}']: psiWarning must be from 0 to psiAlert"
            : null;
    }

    private static IResult NotFound(string name) =>
        ErrorResults.Error(StatusCodes.Status404NotFound, $"Endpoint '{name}' not found. List endpoints with `modelplane endpoints list`.");
}
