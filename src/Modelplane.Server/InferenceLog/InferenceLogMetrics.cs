using Prometheus;

namespace Modelplane.Server.InferenceLog;

/// <summary>What the inference log writers did, per workspace: records written and records dropped because the queue was full.</summary>
internal sealed class InferenceLogMetrics(CollectorRegistry registry)
{
    private readonly Counter _written = Prometheus.Metrics.WithCustomRegistry(registry).CreateCounter(
        "modelplane_inference_log_written_total", "Sampled predictions written to the inference log.", "workspace");

    private readonly Counter _dropped = Prometheus.Metrics.WithCustomRegistry(registry).CreateCounter(
        "modelplane_inference_log_dropped_total", "Sampled predictions dropped because the inference log's queue was full.", "workspace");

    public void Written(string workspace, int count) => _written.WithLabels(workspace).Inc(count);

    public void Dropped(string workspace, int count = 1) => _dropped.WithLabels(workspace).Inc(count);
}
