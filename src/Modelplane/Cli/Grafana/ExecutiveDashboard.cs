using static Modelplane.Cli.Grafana.DashboardMetrics;
using static Modelplane.Cli.Grafana.PromQl;

namespace Modelplane.Cli.Grafana;

/// <summary>Executive: how much is served, how reliably, and how much error budget is left.</summary>
internal static class ExecutiveDashboard
{
    /// <summary>The dashboard's stable uid.</summary>
    public const string Uid = "modelplane-executive";

    /// <summary>Builds the dashboard.</summary>
    public static GrafanaDashboard Build() =>
        new GrafanaDashboard(Uid, "Modelplane / Executive", "Traffic, availability and error budgets of Modelplane endpoints.", "now-7d")
            .Variable("workspace", "Workspace", $"label_values({Requests}, workspace)")
            .Variable("endpoint", "Endpoint", $"label_values({Requests}{{{Workspace}}}, endpoint)")
            .Row("Service level")
            .Add(new GrafanaPanel
            {
                Type = "stat",
                Title = "Availability",
                Description = "Share of predictions answered without a 5xx over the whole dashboard range, per endpoint.",
                Unit = "percentunit",
                Queries = [new(Availability, "{{workspace}}/{{endpoint}}", Instant: true)],
                Thresholds = [new(null, "red"), new(0.99, "orange"), new(0.999, "green")],
            })
            .Add(new GrafanaPanel
            {
                Type = "bargauge",
                Title = "Error budget remaining",
                Description = "Share of each SLO objective's error budget left in its window (below 0: overspent).",
                Unit = "percentunit",
                Min = 0,
                Max = 1,
                Queries = [new($"min by (workspace, endpoint, objective) ({SloBudgetRemaining}{{{Endpoint}}})", "{{endpoint}} {{objective}}", Instant: true)],
                Thresholds = [new(null, "red"), new(0.25, "orange"), new(0.5, "green")],
            })
            .Row("Traffic")
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "Requests per second",
                Description = "Predictions per second, per endpoint, all status classes.",
                Unit = "reqps",
                Queries = [new(SumRate("workspace, endpoint", Requests, Endpoint), "{{workspace}}/{{endpoint}}")],
            })
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "p99 latency",
                Description = "99th percentile of prediction latency (routing to response), per endpoint.",
                Unit = "s",
                Queries = [new(Quantile(0.99, "workspace, endpoint", RequestDuration, Endpoint), "{{workspace}}/{{endpoint}}")],
            })
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "Inference log drops",
                Description = "Sampled predictions the inference log dropped because its queue was full (per second); anything above 0 means lost records.",
                Unit = "ops",
                Width = 24,
                Queries =
                [
                    new(SumRate("workspace", LogDropped, Workspace), "{{workspace}} dropped"),
                    new(SumRate("workspace", LogWritten, Workspace), "{{workspace}} written"),
                ],
            });

    private static string Availability =>
        $"{SumIncrease("workspace, endpoint", Requests, Endpoint + ", status_class!=\"5xx\"", DashboardRange)} / {SumIncrease("workspace, endpoint", Requests, Endpoint, DashboardRange)}";
}
