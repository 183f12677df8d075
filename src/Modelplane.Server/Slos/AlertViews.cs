using System.Text.Json;
using Microsoft.Extensions.Options;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Slos;

namespace Modelplane.Server.Slos;

/// <summary>Alerts as the API lists them and webhooks receive them.</summary>
internal static class AlertViews
{
    /// <summary>The condition of BurnRatePolicy with that name.</summary>
    public static BurnRateCondition Condition(string name) =>
        BurnRatePolicy.Conditions.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "Not a burn-rate condition.");

    /// <summary>How the severity is written in alerts, webhooks and Prometheus labels.</summary>
    public static string Severity(AlertSeverity severity) => severity == AlertSeverity.Page ? "page" : "ticket";

    public static AlertDto ToDto(SloAlert alert, bool silenced)
    {
        if (alert.IsMonitoring)
        {
            // No burn rate: the figures are in the detail (the windows in a row, the drifted features).
            var detail = alert.DetailJson is { } json ? JsonSerializer.Deserialize(json, ModelplaneJson.Context.MonitoringAlertDetailDto) : null;
            var windows = new BurnRateDto("windows", detail?.ConsecutiveWindows ?? 0);
            return new AlertDto(
                alert.Id, alert.Endpoint, alert.Objective, alert.Condition, alert.Severity, alert.State, windows, windows, 0, alert.Target, alert.BudgetRemaining,
                alert.StartedAt, alert.ResolvedAt, silenced)
            {
                Detail = detail,
            };
        }

        var condition = Condition(alert.Condition);
        return new AlertDto(
            alert.Id, alert.Endpoint, alert.Objective, alert.Condition, alert.Severity, alert.State,
            new BurnRateDto(SloWindows.Format(condition.LongWindow), alert.LongBurn), new BurnRateDto(SloWindows.Format(condition.ShortWindow), alert.ShortBurn),
            condition.Factor, alert.Target, alert.BudgetRemaining, alert.StartedAt, alert.ResolvedAt, silenced);
    }
}

/// <summary>The absolute links a notification carries, from <see cref="AlertOptions.ExternalUrl"/> or the first listening address.</summary>
internal sealed class AlertLinks(IOptions<AlertOptions> options, IConfiguration configuration)
{
    private string? _base;

    public AlertLinksDto For(string endpoint)
    {
        var name = Uri.EscapeDataString(endpoint);
        return new AlertLinksDto(Url($"/api/v1/slos?endpoint={name}"), Url($"/api/v1/endpoints/{name}"));
    }

    /// <summary>The absolute URL of <paramref name="pathAndQuery"/> (which starts with <c>/</c>) on this server.</summary>
    public string Url(string pathAndQuery)
    {
        _base ??= (options.Value.ExternalUrl
            ?? configuration[WebHostDefaults.ServerUrlsKey]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? Hosting.ModelplaneHost.DefaultUrl).TrimEnd('/');
        return _base + pathAndQuery;
    }
}
