using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Modelplane.Cli;

namespace Modelplane.EndToEnd.Tests.Observability;

/// <summary><c>modelplane export grafana</c>: the files, their panels, and their PromQL run against a real Prometheus scraping a real server.</summary>
[Collection(ScrapedServerGroup.Name)]
public sealed class GrafanaDashboardTests(ScrapedServerFixture fixture) : IDisposable
{
    // The series Modelplane serves (issue 7's list; histograms with their three series) and what Prometheus adds.
    private static readonly HashSet<string> KnownMetrics = new(StringComparer.Ordinal)
    {
        "modelplane_inference_requests_total", "modelplane_inference_in_flight", "modelplane_inference_queue_depth",
        "modelplane_inference_request_duration_seconds_bucket", "modelplane_inference_request_duration_seconds_sum", "modelplane_inference_request_duration_seconds_count",
        "modelplane_inference_batch_size_bucket", "modelplane_inference_batch_size_sum", "modelplane_inference_batch_size_count",
        "modelplane_model_load_duration_seconds_bucket", "modelplane_model_load_duration_seconds_sum", "modelplane_model_load_duration_seconds_count",
        "modelplane_shadow_copies_total", "modelplane_shadow_label_agreement_ratio", "modelplane_cascade_requests_total",
        "modelplane_rate_limited_requests_total", "modelplane_inference_log_written_total", "modelplane_inference_log_dropped_total",
        "modelplane_slo_events_total", "modelplane_slo_bad_events_total", "modelplane_slo_target_ratio", "modelplane_slo_error_budget_remaining_ratio",
        "modelplane:slo_burn_rate:5m", "modelplane:slo_burn_rate:30m", "modelplane:slo_burn_rate:1h", "modelplane:slo_burn_rate:6h", "modelplane:slo_burn_rate:3d",
        "dotnet_process_cpu_time_seconds_total", "dotnet_process_memory_working_set_bytes", "dotnet_gc_last_collection_heap_size_bytes",
        "dotnet_gc_collections_total", "ALERTS", "modelplane_shadow_score_difference",
    };

    private static readonly string[] FileNames = ["executive.json", "on-call.json", "debug.json"];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mp-grafana-");

    [Fact]
    public async Task ExportGrafana_OutputFolder_WritesThreeDashboardsAndPrintsTheirPaths()
    {
        var (exitCode, stdout, dashboards) = await ExportAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal(
            ["executive.json", "on-call.json", "debug.json"],
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => Path.GetFileName(l.Replace("Wrote ", "", StringComparison.Ordinal))));
        Assert.Equal(
            [("executive.json", "modelplane-executive", "Modelplane / Executive"), ("on-call.json", "modelplane-on-call", "Modelplane / On-call"), ("debug.json", "modelplane-debug", "Modelplane / Debug")],
            dashboards.Select(d => (d.Key, (string)d.Value["uid"]!, (string)d.Value["title"]!)));
        Assert.All(dashboards.Values, d => Assert.Equal(39, (int)d["schemaVersion"]!));
    }

    [Fact]
    public async Task ExportGrafana_Variables_DatasourceThenWorkspaceAndEndpointFromRequestLabels()
    {
        var (_, _, dashboards) = await ExportAsync();

        foreach (var dashboard in dashboards.Values)
        {
            var variables = dashboard["templating"]!["list"]!.AsArray().Select(v => v!.AsObject()).ToList();
            Assert.Equal(("datasource", "datasource", "prometheus"), ((string)variables[0]["type"]!, (string)variables[0]["name"]!, (string)variables[0]["query"]!));
            Assert.Equal("label_values(modelplane_inference_requests_total, workspace)", (string)variables.Single(v => (string)v["name"]! == "workspace")["definition"]!);
            Assert.StartsWith("label_values(modelplane_inference_requests_total{", (string)variables.Single(v => (string)v["name"]! == "endpoint")["definition"]!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ExportGrafana_Panels_CoverTheExecutiveOnCallAndDebugViews()
    {
        var (_, _, dashboards) = await ExportAsync();

        Assert.Equal(
            ["Availability", "Error budget remaining", "Requests per second", "p99 latency", "Inference log drops"],
            PanelTitles(dashboards["executive.json"]));
        Assert.Equal(
            ["SLO burn rate", "Firing alerts", "Error rate by status class", "Latency p50 / p95 / p99", "In-flight requests", "Queue depth", "Rate-limit rejections"],
            PanelTitles(dashboards["on-call.json"]));
        Assert.Equal(
            ["Latency heatmap, version $version", "Batch size", "Model load time", "Shadow agreement", "Shadow score difference", "Shadow copy outcomes", "Cascade escalation share", "CPU", "Memory", "GC collections"],
            PanelTitles(dashboards["debug.json"]));
    }

    [Fact]
    public async Task ExportGrafana_BurnRatePanel_OneQueryPerPolicyWindow()
    {
        var (_, _, dashboards) = await ExportAsync();

        var panel = dashboards["on-call.json"]["panels"]!.AsArray().Single(p => (string)p!["title"]! == "SLO burn rate")!;
        Assert.Equal(
            ["modelplane:slo_burn_rate:5m", "modelplane:slo_burn_rate:30m", "modelplane:slo_burn_rate:1h", "modelplane:slo_burn_rate:6h", "modelplane:slo_burn_rate:3d"],
            panel["targets"]!.AsArray().SelectMany(t => DashboardQueries.MetricNames((string)t!["expr"]!)));
    }

    [Fact]
    public async Task ExportGrafana_EveryQuery_PrometheusAcceptsIt()
    {
        var (_, _, dashboards) = await ExportAsync();

        var rejected = new List<string>();
        foreach (var (where, expr) in dashboards.Values.SelectMany(DashboardQueries.All))
        {
            var (status, body) = await fixture.Prometheus.QueryAsync(expr);
            using (body)
            {
                if (status != HttpStatusCode.OK || body.RootElement.GetProperty("status").GetString() != "success")
                {
                    rejected.Add($"{where}: {expr} -> {(int)status} {body.RootElement.GetRawText()}");
                }
            }
        }

        Assert.True(rejected.Count == 0, string.Join("\n", rejected));
    }

    [Fact]
    public async Task ExportGrafana_EveryQuery_ReadsOnlyKnownMetrics()
    {
        var (_, _, dashboards) = await ExportAsync();

        var unknown = dashboards.Values.SelectMany(DashboardQueries.All)
            .SelectMany(q => DashboardQueries.MetricNames(q.Expr).Where(n => !KnownMetrics.Contains(n)).Select(n => $"{q.Where}: {n}"))
            .ToList();

        Assert.True(unknown.Count == 0, string.Join("\n", unknown));
    }

    [Fact]
    public async Task ExportGrafana_RuntimePanels_ReadSeriesTheServerServes()
    {
        var (_, _, dashboards) = await ExportAsync();
        var runtime = dashboards.Values.SelectMany(DashboardQueries.All).SelectMany(q => DashboardQueries.MetricNames(q.Expr))
            .Where(n => n.StartsWith("process_", StringComparison.Ordinal) || n.StartsWith("dotnet_", StringComparison.Ordinal)).ToHashSet();

        var served = await PrometheusScrapeTests.PollAsync(
            async () =>
            {
                using var body = JsonDocument.Parse(await fixture.Prometheus.Http.GetStringAsync("/api/v1/label/__name__/values"));
                return body.RootElement.GetProperty("data").EnumerateArray().Select(n => n.GetString()!).ToHashSet();
            },
            names => names.IsSupersetOf(runtime));

        Assert.Equal(4, runtime.Count);
        Assert.Empty(runtime.Except(served));
    }

    [Fact]
    public async Task ExportGrafana_AvailabilityPanel_OneForOnlySuccessfulPredictions()
    {
        var (_, _, dashboards) = await ExportAsync();
        var panel = dashboards["executive.json"]["panels"]!.AsArray().Single(p => (string)p!["title"]! == "Availability")!;
        var expr = DashboardQueries.Substitute((string)panel["targets"]![0]!["expr"]!);

        var availability = await PrometheusScrapeTests.PollAsync(
            async () =>
            {
                var (_, body) = await fixture.Prometheus.QueryAsync(expr);
                using (body)
                {
                    var series = body.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
                        .Where(s => s.GetProperty("metric").GetProperty("endpoint").GetString() == ScrapedServerFixture.Endpoint).ToList();
                    return series.Count == 1 ? series[0].GetProperty("value")[1].GetString() : null;
                }
            },
            v => v is not null);

        Assert.Equal(1.0, double.Parse(availability!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ExportGrafana_OutputIsAFile_ExitsWithUsageAndNamesThePath()
    {
        var file = Path.Combine(_directory.FullName, "not-a-folder");
        await File.WriteAllTextAsync(file, "", TestContext.Current.CancellationToken);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await CommandLine.InvokeAsync(["export", "grafana", "-o", file], new CliEnvironment { Out = stdout, Error = stderr, In = TextReader.Null }, TestContext.Current.CancellationToken);

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains(file, stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("", stdout.ToString());
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private async Task<(int ExitCode, string StdOut, Dictionary<string, JsonObject> Dashboards)> ExportAsync()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = new CliEnvironment { Out = stdout, Error = stderr, In = TextReader.Null };

        var exitCode = await CommandLine.InvokeAsync(["export", "grafana", "-o", _directory.FullName], env, TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, stderr.ToString());
        var dashboards = FileNames.ToDictionary(f => f, f => JsonNode.Parse(File.ReadAllText(Path.Combine(_directory.FullName, f)))!.AsObject());
        return (exitCode, stdout.ToString(), dashboards);
    }

    private static List<string> PanelTitles(JsonObject dashboard) =>
        [.. dashboard["panels"]!.AsArray().Where(p => (string)p!["type"]! != "row").Select(p => (string)p!["title"]!)];
}
