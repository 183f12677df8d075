using Modelplane.Server.Slos;
using static Modelplane.Cli.Grafana.DashboardMetrics;
using static Modelplane.Cli.Grafana.PromQl;

namespace Modelplane.Cli.Grafana;

/// <summary>On-call: is an SLO burning, what fails, how slow, how loaded, and which alerts fire.</summary>
internal static class OnCallDashboard
{
    /// <summary>The dashboard's stable uid.</summary>
    public const string Uid = "modelplane-on-call";

    private const string ByRoute = "workspace, endpoint, version";

    /// <summary>Builds the dashboard.</summary>
    public static GrafanaDashboard Build() =>
        new GrafanaDashboard(Uid, "Modelplane / On-call", "Burn rates, errors, latency and load of Modelplane endpoints, and the alerts firing.", "now-3h")
            .Variable("workspace", "Workspace", $"label_values({Requests}, workspace)")
            .Variable("endpoint", "Endpoint", $"label_values({Requests}{{{Workspace}}}, endpoint)")
            .Row("SLOs and alerts")
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "SLO burn rate",
                Description = "How many times faster than sustainable each objective spends its error budget, per window "
                    + "(recorded by the rules of `modelplane export prometheus-rules`). Lines: the factors that page or open a ticket when both windows of a condition exceed them.",
                Queries = [.. BurnRatePolicy.Windows.Select(w => new PanelQuery($"{BurnRate(w)}{{{Endpoint}}}", $"{{{{endpoint}}}} {{{{objective}}}} {SloWindows.Format(w)}"))],
                Thresholds = [new(null, "green"), .. BurnRatePolicy.Conditions.OrderBy(c => c.Factor).Select(c => new ThresholdStep(c.Factor, c.Severity == AlertSeverity.Page ? "red" : "orange"))],
            })
            .Add(new GrafanaPanel
            {
                Type = "table",
                Title = "Firing alerts",
                Description = "Modelplane alerts Prometheus reports as firing now.",
                Queries = [new($"{Alerts}{{alertname=~\"Modelplane.*\", alertstate=\"firing\"}}", "", Instant: true, Format: "table")],
            })
            .Row("Errors and latency")
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "Error rate by status class",
                Description = "Share of predictions answered with a 4xx or 5xx.",
                Unit = "percentunit",
                Queries = [new($"{SumRate("status_class", Requests, Endpoint + ", status_class=~\"4xx|5xx\"")} / ignoring (status_class) group_left sum(rate({Requests}{{{Endpoint}}}[{RateInterval}]))", "{{status_class}}")],
            })
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "Latency p50 / p95 / p99",
                Description = "Prediction latency quantiles per endpoint and version.",
                Unit = "s",
                Queries =
                [
                    new(Quantile(0.5, ByRoute, RequestDuration, Endpoint), "p50 {{endpoint}} v{{version}}"),
                    new(Quantile(0.95, ByRoute, RequestDuration, Endpoint), "p95 {{endpoint}} v{{version}}"),
                    new(Quantile(0.99, ByRoute, RequestDuration, Endpoint), "p99 {{endpoint}} v{{version}}"),
                ],
            })
            .Row("Load")
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "In-flight requests",
                Description = "Predictions being answered right now, per endpoint and version.",
                Width = 8,
                Queries = [new($"sum by ({ByRoute}) ({InFlight}{{{Endpoint}}})", "{{endpoint}} v{{version}}")],
            })
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "Queue depth",
                Description = "Requests waiting for a batch slot, per model version.",
                Width = 8,
                Queries = [new($"sum by (workspace, model, version) ({QueueDepth}{{{Workspace}}})", "{{model}} v{{version}}")],
            })
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "Rate-limit rejections",
                Description = "Predictions refused with 429 by an endpoint's rate limit, per second.",
                Unit = "reqps",
                Width = 8,
                Queries = [new(SumRate("workspace, endpoint", RateLimited, Endpoint), "{{endpoint}}")],
            });
}
