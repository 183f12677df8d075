using System.ComponentModel.DataAnnotations;

namespace Modelplane.Server.Monitoring;

/// <summary>Drift and quality monitoring (<c>Modelplane:Monitoring</c>).</summary>
internal sealed class MonitoringOptions
{
    public const string Section = "Modelplane:Monitoring";

    /// <summary>How often the versions each endpoint serves are matched with live profiles, and time-bound windows closed.</summary>
    /// <value>5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long closed windows are kept.</summary>
    /// <value>90 days.</value>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often windows' quality is recomputed (labels arrive late) for quality objectives and model-quality alerts.</summary>
    /// <value>1 minute.</value>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan QualityInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The label coverage from which a window's realised quality is used instead of its estimate.</summary>
    /// <value>0.2 (one prediction in five labelled).</value>
    [Range(0.0, 1.0)]
    public double MinLabelCoverage { get; set; } = 0.2;
}
