using System.Globalization;

namespace Modelplane.Cli.Grafana;

/// <summary>The PromQL pieces the dashboards repeat: the variable filters, rates and histogram quantiles.</summary>
internal static class PromQl
{
    /// <summary>Matches the workspaces selected in the <c>workspace</c> variable.</summary>
    public const string Workspace = "workspace=~\"$workspace\"";

    /// <summary>Matches the selected workspaces and endpoints.</summary>
    public const string Endpoint = Workspace + ", endpoint=~\"$endpoint\"";

    /// <summary>Grafana's rate window: at least four scrape intervals, so a rate never has fewer than two samples.</summary>
    public const string RateInterval = "$__rate_interval";

    /// <summary>Grafana's whole dashboard range, for "over the period shown" figures.</summary>
    public const string DashboardRange = "$__range";

    /// <summary><c>sum by (BY) (rate(METRIC{SELECTOR}[WINDOW]))</c>.</summary>
    public static string SumRate(string by, string metric, string selector, string window = RateInterval)
        => $"sum by ({by}) (rate({metric}{{{selector}}}[{window}]))";

    /// <summary><c>sum by (BY) (increase(METRIC{SELECTOR}[WINDOW]))</c>.</summary>
    public static string SumIncrease(string by, string metric, string selector, string window)
        => $"sum by ({by}) (increase({metric}{{{selector}}}[{window}]))";

    /// <summary>The <paramref name="quantile"/> of a histogram's recent observations, per <paramref name="by"/>.</summary>
    public static string Quantile(double quantile, string by, string histogram, string selector)
        => $"histogram_quantile({quantile.ToString(CultureInfo.InvariantCulture)}, {SumRate(by + ", le", histogram + "_bucket", selector)})";
}
