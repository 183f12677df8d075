namespace Modelplane.Client.Contracts;

/// <summary>One objective of an endpoint's SLO: a target share of good events over a window.</summary>
/// <param name="Target">The share of good events aimed for, strictly between 0 and 1 (0.999 for 99.9%).</param>
/// <param name="Window">The rolling window: <c>30d</c>, <c>7d</c>, <c>12h</c> (1h to 90d).</param>
/// <param name="ThresholdMs">For latency: a request slower than this many milliseconds is bad.</param>
public sealed record SloObjectiveDto(double Target, string Window, double? ThresholdMs = null);

/// <summary>Body of <c>PUT /api/v1/endpoints/{name}/slo</c>: the objectives to have (a missing one is removed).</summary>
/// <param name="Quality">Judged window by window on accuracy: realised from labels where they cover enough of a window, else estimated from confidence (see <c>modelplane quality</c>).</param>
public sealed record SetSloRequest(SloObjectiveDto? Availability = null, SloObjectiveDto? Latency = null, SloObjectiveDto? Quality = null);

/// <summary>An endpoint's SLO: its objectives, and who set them when.</summary>
public sealed record SloDto(string Endpoint, SloObjectiveDto? Availability, SloObjectiveDto? Latency, SloObjectiveDto? Quality, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>A burn rate over one window: how many times faster than sustainable the error budget is spent.</summary>
/// <param name="Window">The window, e.g. <c>5m</c>, <c>1h</c>, <c>3d</c>.</param>
public sealed record BurnRateDto(string Window, double Value);

/// <summary>How one objective of an endpoint stands now.</summary>
/// <param name="Sli">The share of good events over the window; null with no events (no data).</param>
/// <param name="BudgetRemaining">The share of the window's error budget left: 1 untouched, below 0 overspent.</param>
/// <param name="BurnRates">The burn rate over each window the alerting conditions read, shortest first.</param>
/// <param name="Alerts">The conditions (fast, medium, slow) firing now.</param>
public sealed record SloStatusDto(
    string Endpoint, string Objective, double Target, string Window, double? ThresholdMs, double? Sli, long Events, long BadEvents, double BudgetRemaining,
    IReadOnlyList<BurnRateDto> BurnRates, IReadOnlyList<string> Alerts)
{
    /// <summary>For the quality objective: whether its latest window was judged on <c>realised</c> (labels) or <c>estimated</c> quality; null otherwise.</summary>
    public string? Source { get; init; }
}

/// <summary>One burn-rate alert, as listed and as sent to webhooks.</summary>
/// <param name="Condition">The condition that fired: <c>fast</c>, <c>medium</c> or <c>slow</c>.</param>
/// <param name="Severity"><c>page</c> or <c>ticket</c>.</param>
/// <param name="State"><c>firing</c> or <c>resolved</c>.</param>
/// <param name="Factor">The burn rate both windows had to exceed.</param>
/// <param name="Silenced">A silence covers the endpoint now, so nobody is notified.</param>
public sealed record AlertDto(
    long Id, string Endpoint, string Objective, string Condition, string Severity, string State, BurnRateDto LongWindow, BurnRateDto ShortWindow,
    double Factor, double Target, double BudgetRemaining, DateTimeOffset StartsAt, DateTimeOffset? EndsAt, bool Silenced)
{
    /// <summary>For a <c>drift</c> or <c>model-quality</c> alert: the version, window, features and links; null for burn-rate alerts.</summary>
    public MonitoringAlertDetailDto? Detail { get; init; }
}

/// <summary>Where to look at an alert's endpoint: its SLO status and the endpoint itself (absolute URLs).</summary>
public sealed record AlertLinksDto(string Slo, string Endpoint);

/// <summary>What a webhook receives: every alert of one endpoint that changed in one evaluation.</summary>
public sealed record AlertNotificationDto(string Workspace, string Endpoint, IReadOnlyList<AlertDto> Alerts, AlertLinksDto Links);

/// <summary>A webhook that receives alert notifications, with its delivery figures.</summary>
/// <param name="HasSecret">Bodies are signed (header <c>X-Modelplane-Signature: sha256=HEX</c>); the secret is never shown.</param>
/// <param name="Failed">Notifications that failed after every retry.</param>
public sealed record AlertReceiverDto(
    string Name, string Url, bool HasSecret, DateTimeOffset CreatedAt, string CreatedBy, long Delivered, long Failed, DateTimeOffset? LastAttemptAt, string? LastError);

/// <summary>Body of <c>POST /api/v1/alerts/receivers</c>: adds a webhook, or replaces the one with the same name.</summary>
/// <param name="Secret">Optional: signs each body with HMAC-SHA256.</param>
public sealed record SetAlertReceiverRequest(string Name, string Url, string? Secret = null);

/// <summary>A period in which an endpoint's alerts (every endpoint's when <see cref="Endpoint"/> is null) notify nobody.</summary>
public sealed record AlertSilenceDto(long Id, string? Endpoint, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Comment, string CreatedBy);

/// <summary>Body of <c>POST /api/v1/alerts/silences</c>.</summary>
/// <param name="Endpoint">The endpoint to silence; null silences every endpoint.</param>
/// <param name="Duration">How long from now: <c>30m</c>, <c>2h</c>, <c>1d</c> (at most 30d).</param>
public sealed record CreateAlertSilenceRequest(string? Endpoint, string Duration, string Comment);
