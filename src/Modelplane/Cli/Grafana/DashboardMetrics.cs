using Modelplane.Server.Slos;

namespace Modelplane.Cli.Grafana;

/// <summary>The series the dashboards read: what Modelplane serves on <c>/metrics</c>, plus what Prometheus adds.</summary>
internal static class DashboardMetrics
{
    public const string Requests = "modelplane_inference_requests_total";
    public const string RequestDuration = "modelplane_inference_request_duration_seconds";
    public const string InFlight = "modelplane_inference_in_flight";
    public const string QueueDepth = "modelplane_inference_queue_depth";
    public const string BatchSize = "modelplane_inference_batch_size";
    public const string ModelLoadDuration = "modelplane_model_load_duration_seconds";
    public const string ShadowCopies = "modelplane_shadow_copies_total";
    public const string ShadowAgreement = "modelplane_shadow_label_agreement_ratio";
    public const string ShadowScoreDifference = "modelplane_shadow_score_difference";
    public const string CascadeRequests = "modelplane_cascade_requests_total";
    public const string RateLimited = "modelplane_rate_limited_requests_total";
    public const string LogWritten = "modelplane_inference_log_written_total";
    public const string LogDropped = "modelplane_inference_log_dropped_total";
    public const string SloBudgetRemaining = SloMetricNames.BudgetRemaining;

    // .NET's own System.Runtime meter, exported by OpenTelemetry.
    public const string ProcessCpu = "dotnet_process_cpu_time_seconds_total";
    public const string ProcessWorkingSet = "dotnet_process_memory_working_set_bytes";
    public const string ManagedHeap = "dotnet_gc_last_collection_heap_size_bytes";
    public const string GcCollections = "dotnet_gc_collections_total";

    /// <summary>Prometheus's own series of pending and firing alerts.</summary>
    public const string Alerts = "ALERTS";

    /// <summary>The recording rule of the SLO burn rate over <paramref name="window"/>, as <c>modelplane export prometheus-rules</c> writes it.</summary>
    public static string BurnRate(TimeSpan window) => PrometheusSloRules.RecordName(window);
}
