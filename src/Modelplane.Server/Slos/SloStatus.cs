using Modelplane.Registry.Slos;

namespace Modelplane.Server.Slos;

/// <summary>How one objective stands at one moment: counts over its window and the burn rate over each alerting window.</summary>
internal sealed class SloStatus(SloObjective objective, SloCount window, IReadOnlyList<SloCount> burnWindows)
{
    public SloObjective Objective => objective;

    /// <summary>Events and bad events over the objective's window.</summary>
    public SloCount Window => window;

    /// <summary>The share of good events over the window; null with no events.</summary>
    public double? Sli => window.Events == 0 ? null : 1 - ((double)window.Bad / window.Events);

    /// <summary>1 - bad / (events × (1 - target)): the share of the window's error budget left; 1 with no events.</summary>
    public double BudgetRemaining => window.Events == 0 ? 1 : 1 - (window.Bad / (window.Events * (1 - objective.Target)));

    /// <summary>The burn rate over one of <see cref="BurnRatePolicy.Windows"/>.</summary>
    public double BurnRate(TimeSpan over)
    {
        for (var i = 0; i < BurnRatePolicy.Windows.Count; i++)
        {
            if (BurnRatePolicy.Windows[i] == over)
            {
                return BurnRateOf(burnWindows[i], objective.Target);
            }
        }

        throw new ArgumentOutOfRangeException(nameof(over), over, "Not one of BurnRatePolicy.Windows.");
    }

    /// <summary>True when <paramref name="condition"/> holds: both its windows burn faster than its factor.</summary>
    public bool Fires(BurnRateCondition condition) =>
        BurnRate(condition.LongWindow) > condition.Factor && BurnRate(condition.ShortWindow) > condition.Factor;

    /// <summary>(bad / events) / (1 - target); 0 with no events (nothing burns).</summary>
    public static double BurnRateOf(SloCount count, double target) =>
        count.Events == 0 ? 0 : (double)count.Bad / count.Events / (1 - target);
}
