using System.Diagnostics.Metrics;
using Modelplane.Governance.Access;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Modelplane.Serving.Telemetry;

namespace Modelplane.Server.Telemetry;

/// <summary>
/// OpenTelemetry for one application: its metrics on <c>/metrics</c> (Prometheus text) and, with an OTLP endpoint,
/// metrics and traces to a collector. Several applications can share a process (the tests host many): each one's
/// meter provider takes only the instruments of its own <see cref="IMeterFactory"/>.
/// </summary>
internal static class TelemetryHosting
{
    public static void AddModelplaneTelemetry(this WebApplicationBuilder builder)
    {
        var options = Options(builder.Configuration);
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ModelplaneMeter>();
        services.AddSingleton<InferenceTelemetry>();
        services.AddSingleton<IInferenceTelemetry>(sp => sp.GetRequiredService<InferenceTelemetry>());
        services.AddSingleton<ServingGauges>();

        services.ConfigureOpenTelemetryMeterProvider((sp, metrics) =>
        {
            var own = sp.GetRequiredService<IMeterFactory>();
            metrics.AddView(i => i.Meter.Name == ModelplaneMeter.MeterName && !ReferenceEquals(i.Meter.Scope, own) ? MetricStreamConfiguration.Drop : null);
        });
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("modelplane", serviceVersion: typeof(TelemetryHosting).Assembly.GetName().Version?.ToString()));
        if (options.Metrics)
        {
            otel.WithMetrics(metrics =>
            {
                // System.Runtime is .NET's own meter: GC, heap, CPU time, working set, thread pool, exceptions.
                metrics.AddMeter(ModelplaneMeter.MeterName, "System.Runtime");
                // A scrape must see requests answered just before it (the exporter caches 300 ms by default).
                metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (options.OtlpEndpoint is not null)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        Point(exporter, options, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.OtlpExportInterval.TotalMilliseconds;
                    });
                }
            });
        }

        if (options.OtlpEndpoint is not null || options.Tracing)
        {
            otel.WithTracing(tracing =>
            {
                tracing.AddSource(InferenceTracing.SourceName)
                    .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                    // The request span, with the caller's traceparent as its parent; probes and scrapes are not traced.
                    .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/metrics") && !c.Request.Path.StartsWithSegments("/v2/health"))
                    .AddHttpClientInstrumentation();
                if (options.OtlpEndpoint is not null)
                {
                    tracing.AddOtlpExporter(exporter =>
                    {
                        Point(exporter, options, "v1/traces");
                        exporter.BatchExportProcessorOptions.ScheduledDelayMilliseconds = (int)options.OtlpExportInterval.TotalMilliseconds;
                    });
                }
            });
        }
    }

    /// <summary>Serves <c>/metrics</c> when metrics are on.</summary>
    public static void MapModelplaneMetrics(this WebApplication app)
    {
        if (Options(app.Configuration).Metrics)
        {
            // Observed instruments read serving state at scrape time; they exist once the application's services do.
            app.Services.GetRequiredService<ServingGauges>();
            app.MapPrometheusScrapingEndpoint("/metrics").RequireAccess(Permissions.ObservePlatform);
        }
    }

    // Over HTTP each signal has its own path, which an endpoint set in code must carry; gRPC takes the address alone.
    private static void Point(OtlpExporterOptions exporter, TelemetryOptions options, string signalPath)
    {
        var endpoint = options.OtlpEndpoint!;
        if (options.OtlpProtocol == "http/protobuf")
        {
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = new Uri($"{endpoint.AbsoluteUri.TrimEnd('/')}/{signalPath}");
        }
        else
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = endpoint;
        }
    }

    private static TelemetryOptions Options(IConfiguration configuration) =>
        configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
}
