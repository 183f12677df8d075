using System.ComponentModel.DataAnnotations;

namespace Modelplane.Server.Slos;

/// <summary>How SLO counts are persisted and evaluated (section <c>Modelplane:Slos</c>).</summary>
public sealed class SloOptions
{
    public const string Section = "Modelplane:Slos";

    /// <summary>How often each workspace writes its per-minute counts to its registry database (and on shutdown).</summary>
    /// <value>Defaults to 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often objectives are evaluated and burn-rate alerts raised or resolved.</summary>
    /// <value>Defaults to 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a firing alert waits before receivers are told again that it still fires.</summary>
    /// <value>Defaults to 4 hours.</value>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RepeatInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>This process's name in the minute counts; several replicas' counts add up.</summary>
    /// <value>Defaults to null: the machine name and a random suffix, new at each start.</value>
    [StringLength(64, MinimumLength = 1)]
    public string? NodeId { get; set; }
}
