namespace Modelplane.Server.Telemetry;

/// <summary>Where metrics and traces go besides <c>/metrics</c> (section <c>Modelplane:Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Modelplane:Telemetry";

    /// <summary>An OpenTelemetry collector to send metrics and traces to over OTLP (e.g. <c>http://127.0.0.1:4317</c>).</summary>
    /// <value>None: metrics are only scraped from <c>/metrics</c> and traces are not recorded.</value>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>OTLP's transport: <c>grpc</c> (port 4317 by convention) or <c>http/protobuf</c> (4318; the signal paths are added).</summary>
    /// <value><c>grpc</c>.</value>
    [System.ComponentModel.DataAnnotations.RegularExpression("^(grpc|http/protobuf)$", ErrorMessage = "OtlpProtocol is grpc or http/protobuf.")]
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often metrics are pushed over OTLP, and the longest a finished span waits to be sent.</summary>
    /// <value>15 s.</value>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan OtlpExportInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Share of traces recorded when the caller did not decide (a <c>traceparent</c> with the sampled flag is always honoured).</summary>
    /// <value>0.1: one request in ten, enough to see every slow path at a busy endpoint without doubling the export cost.</value>
    [System.ComponentModel.DataAnnotations.Range(0.0, 1.0)]
    public double TraceSampleRatio { get; set; } = 0.1;

    /// <summary>Collect metrics and serve them at <c>/metrics</c>; off only to measure what metrics cost.</summary>
    /// <value>True.</value>
    public bool Metrics { get; set; } = true;

    /// <summary>Record traces even without an OTLP endpoint (they then only feed log correlation and in-process listeners).</summary>
    /// <value>False.</value>
    public bool Tracing { get; set; }
}
