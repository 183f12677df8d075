namespace Modelplane.Serving.Monitoring.Windows;

/// <summary>When a live window closes: after so many rows, after so long, or whichever comes first.</summary>
/// <param name="Rows">Rows per window; null to close by time only.</param>
/// <param name="Duration">Longest a window stays open; null to close by rows only. A window with no rows is not kept.</param>
public sealed record WindowSettings(long? Rows, TimeSpan? Duration)
{
    /// <summary>1,000 rows or one hour, whichever comes first.</summary>
    public static WindowSettings Default { get; } = new(1_000, TimeSpan.FromHours(1));

    /// <summary>Why the settings cannot be used, or null when they can.</summary>
    public string? Problem => (Rows, Duration) switch
    {
        (null, null) => "a window needs a size in rows, a duration, or both",
        ({ } rows, _) when rows < 1 => $"a window must hold at least 1 row (got {rows})",
        (_, { } duration) when duration < TimeSpan.FromSeconds(1) => $"a window must last at least 1 second (got {duration.TotalSeconds} s)",
        _ => null,
    };
}
