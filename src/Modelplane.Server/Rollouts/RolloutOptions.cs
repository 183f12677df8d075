using System.ComponentModel.DataAnnotations;

namespace Modelplane.Server.Rollouts;

/// <summary>How often the rollout controller looks at running rollouts (section <c>Modelplane:Rollouts</c>).</summary>
public sealed class RolloutOptions
{
    public const string Section = "Modelplane:Rollouts";

    /// <summary>How often running rollouts are checked; a bake ends at most this late.</summary>
    /// <value>Defaults to 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);
}
