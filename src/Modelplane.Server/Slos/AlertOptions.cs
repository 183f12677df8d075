using System.ComponentModel.DataAnnotations;

namespace Modelplane.Server.Slos;

/// <summary>How alert notifications are delivered to webhooks (section <c>Modelplane:Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string Section = "Modelplane:Alerts";

    /// <summary>How long one POST to a receiver may take before it counts as failed and is retried.</summary>
    /// <value>Defaults to 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after a failed POST (timeout, connection error, 5xx or 429), with exponential backoff.</summary>
    /// <value>Defaults to 3.</value>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The wait before the first retry; each later retry waits twice as long as the one before.</summary>
    /// <value>Defaults to 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Notifications waiting at most per workspace; past it one is dropped (and logged) rather than held.</summary>
    /// <value>Defaults to 1000.</value>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>The server's address as receivers should reach it, for the links in notifications.</summary>
    /// <value>Defaults to null: the first configured listening URL.</value>
    [Url]
    public string? ExternalUrl { get; set; }
}
