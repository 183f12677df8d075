using static Modelplane.Cli.Grafana.DashboardMetrics;
using static Modelplane.Cli.Grafana.PromQl;

namespace Modelplane.Cli.Grafana;

/// <summary>Debug: latency distributions per version, batching, model loads, shadows, cascades and the process itself.</summary>
internal static class DebugDashboard
{
    /// <summary>The dashboard's stable uid.</summary>
    public const string Uid = "modelplane-debug";

    private const string Job = "job=~\"$job\"";
    private const string ByModel = "workspace, model, version";

    /// <summary>Builds the dashboard.</summary>
    public static GrafanaDashboard Build() =>
        new GrafanaDashboard(Uid, "Modelplane / Debug", "Latency distributions, batching, model loads, shadows, cascades and runtime of Modelplane.", "now-1h")
            .Variable("workspace", "Workspace", $"label_values({Requests}, workspace)")
            .Variable("endpoint", "Endpoint", $"label_values({Requests}{{{Workspace}}}, endpoint)")
            .Variable("version", "Version", $"label_values({Requests}{{{Endpoint}}}, version)")
            .Variable("job", "Scrape job", $"label_values({Requests}, job)")
            .Row("Latency")
            .Add(new GrafanaPanel
            {
                Type = "heatmap",
                Title = "Latency heatmap, version $version",
                Description = "How prediction latencies spread over the histogram's buckets, one heatmap per selected version.",
                Unit = "s",
                Width = 24,
                Height = 9,
                Repeat = "version",
                Queries = [new(SumRate("le", RequestDuration + "_bucket", Endpoint + ", version=~\"$version\""), "{{le}}", Format: "heatmap")],
            })
            .Row("Batching and model loads")
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "Batch size",
                Description = "Rows per batch the runtime executes: the median, the 99th percentile and the mean, per model version.",
                Queries =
                [
                    new(Quantile(0.5, ByModel, BatchSize, Workspace), "p50 {{model}} v{{version}}"),
                    new(Quantile(0.99, ByModel, BatchSize, Workspace), "p99 {{model}} v{{version}}"),
                    new($"{SumRate(ByModel, BatchSize + "_sum", Workspace)} / {SumRate(ByModel, BatchSize + "_count", Workspace)}", "mean {{model}} v{{version}}"),
                ],
            })
            .Add(new GrafanaPanel
            {
                Type = "bargauge",
                Title = "Model load time",
                Description = "Mean time to load a model version into its runtime, over the loads since the server started.",
                Unit = "s",
                Queries = [new($"sum by ({ByModel}) ({ModelLoadDuration}_sum{{{Workspace}}}) / sum by ({ByModel}) ({ModelLoadDuration}_count{{{Workspace}}})", "{{model}} v{{version}}", Instant: true)],
                Thresholds = [new(null, "green"), new(5, "orange"), new(30, "red")],
            })
            .Row("Shadows and cascades")
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "Shadow agreement",
                Description = "Share of shadowed predictions whose label matches the primary's, per endpoint.",
                Unit = "percentunit",
                Width = 8,
                Min = 0,
                Max = 1,
                Queries = [new($"max by (workspace, endpoint) ({ShadowAgreement}{{{Endpoint}}})", "{{endpoint}}")],
            })
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "Shadow score difference",
                Description = "Mean absolute difference between the shadow's scores and the primary's, per endpoint (regressors and probabilities).",
                Width = 8,
                Min = 0,
                Queries = [new($"max by (workspace, endpoint) ({ShadowScoreDifference}{{{Endpoint}}})", "{{endpoint}}")],
            })
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "Shadow copy outcomes",
                Description = "Copies sent to shadows per second: compared, failed, or dropped because too many were in flight.",
                Unit = "ops",
                Width = 8,
                Queries = [new(SumRate("workspace, endpoint, outcome", ShadowCopies, Endpoint), "{{endpoint}} {{outcome}}")],
            })
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "Cascade escalation share",
                Description = "Share of cascade requests the first model passed on to the next one, per endpoint.",
                Unit = "percentunit",
                Width = 8,
                Min = 0,
                Max = 1,
                Queries = [new($"{SumRate("workspace, endpoint", CascadeRequests, Endpoint + ", outcome=\"escalated\"")} / {SumRate("workspace, endpoint", CascadeRequests, Endpoint)}", "{{endpoint}}")],
            })
            .Row("Process")
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "CPU",
                Description = "CPU the server process uses, in cores.",
                Width = 8,
                Queries = [new(SumRate("instance", ProcessCpu, Job), "{{instance}}")],
            })
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "Memory",
                Description = "The process's working set and the managed heap's size.",
                Unit = "bytes",
                Width = 8,
                Queries =
                [
                    new($"sum by (instance) ({ProcessWorkingSet}{{{Job}}})", "working set {{instance}}"),
                    new($"sum by (instance) ({ManagedHeap}{{{Job}}})", "managed heap {{instance}}"),
                ],
            })
            .Add(new GrafanaPanel
            {
                Type = "timeseries",
                Title = "GC collections",
                Description = "Garbage collections per second, per generation.",
                Unit = "ops",
                Width = 8,
                Queries = [new(SumRate("instance, gc_heap_generation", GcCollections, Job), "{{gc_heap_generation}} {{instance}}")],
            });
}
