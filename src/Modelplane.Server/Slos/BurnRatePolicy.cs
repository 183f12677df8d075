namespace Modelplane.Server.Slos;

/// <summary>How urgent an alert is: a page wakes someone, a ticket waits for working hours.</summary>
public enum AlertSeverity
{
    /// <summary>Someone should look now.</summary>
    Page,

    /// <summary>Someone should look within days.</summary>
    Ticket,
}

/// <summary>
/// One multi-window burn-rate condition: it fires when the error budget burns faster than <see cref="Factor"/> times
/// the sustainable rate over both the long window (significance) and the short one (it is still happening).
/// </summary>
/// <param name="Name">Stable name used in alert identities, Prometheus rule names and webhooks (e.g. <c>fast</c>).</param>
public sealed record BurnRateCondition(string Name, AlertSeverity Severity, double Factor, TimeSpan LongWindow, TimeSpan ShortWindow);

/// <summary>
/// The built-in burn-rate alerting of every SLO objective, as in the Google SRE workbook (chapter 5, "Alerting on
/// SLOs", multiwindow multi-burn-rate alerts). The server evaluates exactly these, and
/// <c>modelplane export prometheus-rules</c> writes the same conditions as Prometheus rules, so both agree.
/// </summary>
public static class BurnRatePolicy
{
    /// <summary>2% of a 30-day budget in one hour: page.</summary>
    public static readonly BurnRateCondition Fast = new("fast", AlertSeverity.Page, 14.4, TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));

    /// <summary>5% of a 30-day budget in six hours: page.</summary>
    public static readonly BurnRateCondition Medium = new("medium", AlertSeverity.Page, 6, TimeSpan.FromHours(6), TimeSpan.FromMinutes(30));

    /// <summary>10% of a 30-day budget in three days: ticket.</summary>
    public static readonly BurnRateCondition Slow = new("slow", AlertSeverity.Ticket, 1, TimeSpan.FromDays(3), TimeSpan.FromHours(6));

    /// <summary>Every condition, most urgent first.</summary>
    public static IReadOnlyList<BurnRateCondition> Conditions { get; } = [Fast, Medium, Slow];

    /// <summary>Every window a condition reads, shortest first (what burn rates are computed and exported over).</summary>
    public static IReadOnlyList<TimeSpan> Windows { get; } =
        [.. Conditions.SelectMany(c => new[] { c.ShortWindow, c.LongWindow }).Distinct().Order()];
}

/// <summary>
/// Names of the SLO series on <c>/metrics</c>. Each objective counts its events and its bad events, so a burn rate over
/// any window is <c>rate(bad[w]) / rate(events[w]) / (1 - target)</c> whatever the objective measures.
/// </summary>
public static class SloMetricNames
{
    /// <summary>Counter of events an objective judges, labels <c>workspace, endpoint, objective</c>.</summary>
    public const string Events = "modelplane_slo_events_total";

    /// <summary>Counter of the events that missed the objective (5xx, slower than the threshold), same labels.</summary>
    public const string BadEvents = "modelplane_slo_bad_events_total";

    /// <summary>Gauge: the objective's target ratio (e.g. 0.999), same labels.</summary>
    public const string Target = "modelplane_slo_target_ratio";

    /// <summary>Gauge: the share of the window's error budget left (1 = untouched, below 0 = overspent), same labels.</summary>
    public const string BudgetRemaining = "modelplane_slo_error_budget_remaining_ratio";
}
