namespace Modelplane.Registry.Monitoring;

/// <summary>How an endpoint's traffic is watched for drift; <see cref="Default"/> when nobody set it.</summary>
/// <param name="Enabled">False stops counting windows for the endpoint.</param>
/// <param name="WindowRows">Rows per live window; null to close windows by time only.</param>
/// <param name="WindowDuration">Longest a live window stays open; null to close windows by rows only.</param>
/// <param name="ConsecutiveWindows">Drifting windows in a row before a drift alert fires.</param>
/// <param name="ThresholdsJson">The drift thresholds as JSON (the server's <c>DriftThresholds</c>); <c>{}</c> for the defaults.</param>
public sealed record MonitoringSettings(bool Enabled, long? WindowRows, TimeSpan? WindowDuration, int ConsecutiveWindows, string ThresholdsJson)
{
    /// <summary>Watched, windows of 1,000 rows or one hour, alert after 3 drifting windows, default thresholds.</summary>
    public static MonitoringSettings Default { get; } = new(true, 1_000, TimeSpan.FromHours(1), 3, "{}");

    /// <summary>When the settings were last set; null for the defaults.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Who last set them; null for the defaults.</summary>
    public string? UpdatedBy { get; init; }

    /// <summary>Why the settings cannot be stored, or null.</summary>
    public string? Problem() => this switch
    {
        { WindowRows: null, WindowDuration: null } => "a window needs a size in rows, a duration, or both",
        { WindowRows: < 1 } => $"a window must hold at least 1 row (got {WindowRows})",
        { WindowDuration: { } d } when d < TimeSpan.FromSeconds(1) => $"a window must last at least 1 second (got {d.TotalSeconds} s)",
        { ConsecutiveWindows: < 1 or > 100 } => $"consecutive windows must be between 1 and 100 (got {ConsecutiveWindows})",
        _ => null,
    };
}

/// <summary>One closed live window of a version on an endpoint, with its drift report.</summary>
/// <param name="Id">Assigned when stored; 0 before.</param>
/// <param name="Streak">Drifting windows in a row ending with this one (0 when this one does not drift).</param>
public sealed record MonitoringWindow(
    long Id, string Endpoint, string Model, int Version, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long Rows, DriftVerdict Verdict, int Streak,
    DataProfile Profile, DriftReport Report);

/// <summary>A model's retraining webhook.</summary>
/// <param name="Cooldown">Least time between two firings.</param>
/// <param name="LastFiredAt">When it last fired; null when never.</param>
/// <param name="LastError">Why the last firing failed; null when it succeeded or never ran.</param>
/// <param name="Fired">How many times it fired.</param>
public sealed record RetrainingTrigger(
    string Model, Uri Url, string? Secret, TimeSpan Cooldown, DateTimeOffset? LastFiredAt, string? LastError, long Fired, DateTimeOffset CreatedAt, string CreatedBy);
