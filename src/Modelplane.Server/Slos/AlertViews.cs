using Microsoft.Extensions.Options;
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
        _base ??= (options.Value.ExternalUrl
            ?? configuration[WebHostDefaults.ServerUrlsKey]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? Hosting.ModelplaneHost.DefaultUrl).TrimEnd('/');
        var name = Uri.EscapeDataString(endpoint);
        return new AlertLinksDto($"{_base}/api/v1/slos?endpoint={name}", $"{_base}/api/v1/endpoints/{name}");
    }
}
