using System.Diagnostics.Metrics;

namespace Modelplane.Server.Telemetry;

/// <summary>
/// The application's OpenTelemetry instruments (one <see cref="Meter"/> per application, from its
/// <see cref="IMeterFactory"/>, shared by every workspace). Names are chosen so the Prometheus exposition reads
/// <c>modelplane_inference_requests_total</c>, <c>modelplane_inference_request_duration_seconds</c> and so on.
/// Counts the hot path keeps anyway (per runner, per policy) are observed at collection time instead of being recorded
/// again per request, so a request pays for one count and one latency.
/// </summary>
internal sealed class ModelplaneMeter
{
    /// <summary>The meter every Modelplane instrument belongs to.</summary>
    public const string MeterName = "Modelplane";

    /// <summary>Latency buckets from 0.1 ms to 10 s: a bare runner answers in tenths of a millisecond, a cold load in seconds.</summary>
    public static readonly double[] LatencyBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Rows per runtime execution: powers of two up to the largest batch a runner forms.</summary>
    public static readonly long[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

    /// <summary>Model loads take from milliseconds (a small ONNX graph) to minutes (a large one from S3).</summary>
    public static readonly double[] LoadBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    public ModelplaneMeter(IMeterFactory factory)
    {
        Meter = factory.Create(MeterName);
        Requests = Meter.CreateCounter<long>(
            "modelplane.inference.requests", null, "Inference requests, by endpoint, model, version and status class.");
        RequestDuration = Meter.CreateHistogram(
            "modelplane.inference.request.duration", "s",
            "Inference request latency from routing to response, by endpoint, model, version and status class.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        BatchSize = Meter.CreateHistogram(
            "modelplane.inference.batch.size", null, "Rows per runtime execution (a dynamic batch of 8 one-row requests is 8).",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = BatchBuckets });
        LoadDuration = Meter.CreateHistogram(
            "modelplane.model.load.duration", "s", "Time to load and warm up a model version once its artifact is read and verified.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LoadBuckets });
        LogWritten = Meter.CreateCounter<long>("modelplane.inference_log.written", null, "Sampled predictions written to the inference log.");
        LogDropped = Meter.CreateCounter<long>(
            "modelplane.inference_log.dropped", null, "Sampled predictions dropped because the inference log's queue was full.");
    }

    public Meter Meter { get; }

    public Counter<long> Requests { get; }

    public Histogram<double> RequestDuration { get; }

    public Histogram<long> BatchSize { get; }

    public Histogram<double> LoadDuration { get; }

    public Counter<long> LogWritten { get; }

    public Counter<long> LogDropped { get; }
}
