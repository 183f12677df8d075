using Modelplane.Serving.Telemetry;
using Prometheus;

namespace Modelplane.Server.Metrics;

/// <summary>
/// Inference metrics in Prometheus format, labelled with the workspace (names repeat across workspaces). Every label
/// set is resolved when a route is built, so a request only increments a pre-resolved child; requests for unknown
/// names share one series per workspace. This instance records for the default workspace; <see cref="ForWorkspace"/>
/// gives the recorder of another.
/// </summary>
internal sealed class PrometheusInferenceTelemetry : IInferenceTelemetry
{
    private static readonly string[] Labels = ["workspace", "endpoint", "model", "version", "status_class"];

    private readonly Counter _requests;
    private readonly Histogram _duration;
    private readonly WorkspaceTelemetry _default;
    private readonly Slos.SloRecorders? _slos;

    public PrometheusInferenceTelemetry(CollectorRegistry registry, Slos.SloRecorders? slos = null)
    {
        _slos = slos;
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        _requests = factory.CreateCounter(
            "modelplane_inference_requests_total",
            "Inference requests, by endpoint, model, version and status class.",
            new CounterConfiguration { LabelNames = Labels });
        _duration = factory.CreateHistogram(
            "modelplane_inference_request_duration_seconds",
            "Inference request latency from routing to response, by endpoint, model, version and status class.",
            new HistogramConfiguration
            {
                LabelNames = Labels,
                Buckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
            });
        _default = new WorkspaceTelemetry(this, global::Modelplane.Governance.Workspaces.WorkspaceName.Default);
    }

    public IRouteTelemetry Unrouted => _default.Unrouted;

    public IRouteTelemetry ForRoute(string? endpoint, string model, int version) => _default.ForRoute(endpoint, model, version);

    /// <summary>The recorder of <paramref name="workspace"/>'s routes (the same instruments, its own label).</summary>
    public IInferenceTelemetry ForWorkspace(string workspace) => new WorkspaceTelemetry(this, workspace);

    private sealed class WorkspaceTelemetry(PrometheusInferenceTelemetry owner, string workspace) : IInferenceTelemetry
    {
        public IRouteTelemetry Unrouted { get; } = new RouteRecorder(owner, workspace, "", "", "");

        public IRouteTelemetry ForRoute(string? endpoint, string model, int version) =>
            new RouteRecorder(owner, workspace, endpoint ?? "", model, version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                // SLOs judge endpoints: a request by model name has no objective to count against.
                Slo = endpoint is null ? null : owner._slos?.For(workspace).Cell(endpoint),
            };
    }

    private sealed class RouteRecorder(PrometheusInferenceTelemetry owner, string workspace, string endpoint, string model, string version) : IRouteTelemetry
    {
        private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

        // Children are resolved on first use per status class (a racing duplicate resolves to the same child),
        // so a route only exports the classes it has actually seen.
        private readonly Counter.Child?[] _counts = new Counter.Child?[StatusClasses.Length];
        private readonly Histogram.Child?[] _durations = new Histogram.Child?[StatusClasses.Length];

        public Slos.SloCell? Slo { get; init; }

        public void Record(int statusCode, double seconds)
        {
            var i = Math.Clamp((statusCode / 100) - 1, 0, StatusClasses.Length - 1);
            (_counts[i] ??= owner._requests.WithLabels(workspace, endpoint, model, version, StatusClasses[i])).Inc();
            (_durations[i] ??= owner._duration.WithLabels(workspace, endpoint, model, version, StatusClasses[i])).Observe(seconds);
            Slo?.Record(statusCode, seconds);
        }
    }
}
