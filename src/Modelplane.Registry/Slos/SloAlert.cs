namespace Modelplane.Registry.Slos;

/// <summary>The states of a burn-rate alert.</summary>
public static class SloAlertStates
{
    /// <summary>The condition holds.</summary>
    public const string Firing = "firing";

    /// <summary>The condition stopped holding; the alert never changes again.</summary>
    public const string Resolved = "resolved";
}

/// <summary>
/// One alert of an endpoint: a burn-rate condition (fast, medium, slow) of an objective that fired, or a monitoring
/// alert (objective <c>drift</c> or <c>model-quality</c>, condition <c>model@version</c>) whose figures are in <see cref="DetailJson"/>.
/// </summary>
/// <param name="LongBurn">The burn rate over the condition's long window at the last evaluation.</param>
/// <param name="ShortBurn">The burn rate over its short window.</param>
/// <param name="LastNotifiedAt">When receivers were last told it fires; null when they never were (e.g. silenced).</param>
public sealed record SloAlert(
    long Id, string Endpoint, string Objective, string Condition, string Severity, string State, DateTimeOffset StartedAt, DateTimeOffset? ResolvedAt,
    DateTimeOffset? LastNotifiedAt, double LongBurn, double ShortBurn, double Target, double BudgetRemaining)
{
    /// <summary>A monitoring alert's detail as JSON (the version, window, drifted features, links); null for burn-rate alerts.</summary>
    public string? DetailJson { get; init; }

    /// <summary>True for a drift or model-quality alert rather than a burn-rate one.</summary>
    public bool IsMonitoring => Objective is MonitoringObjectives.Drift or MonitoringObjectives.ModelQuality;
}

/// <summary>The objectives of monitoring alerts.</summary>
public static class MonitoringObjectives
{
    /// <summary>Sustained drift of a version's inputs or outputs.</summary>
    public const string Drift = "drift";

    /// <summary>A version's quality (realised or estimated) below the endpoint's quality objective, sustained.</summary>
    public const string ModelQuality = "model-quality";
}

/// <summary>A webhook alert notifications are posted to.</summary>
/// <param name="Secret">Signs each body with HMAC-SHA256 when set.</param>
/// <param name="Delivered">Notifications it accepted.</param>
/// <param name="Failed">Notifications that failed after every retry.</param>
public sealed record AlertReceiver(
    string Name, Uri Url, string? Secret, DateTimeOffset CreatedAt, string CreatedBy, long Delivered, long Failed, DateTimeOffset? LastAttemptAt, string? LastError);

/// <summary>A period in which an endpoint's alerts (all endpoints' when <paramref name="Endpoint"/> is null) notify nobody.</summary>
public sealed record AlertSilence(long Id, string? Endpoint, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Comment, string CreatedBy)
{
    /// <summary>True when the silence is in effect at <paramref name="at"/> for <paramref name="endpoint"/>.</summary>
    public bool Covers(string endpoint, DateTimeOffset at) => (Endpoint is null || Endpoint == endpoint) && StartsAt <= at && at < EndsAt;
}
