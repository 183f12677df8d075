using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration.Memory;
using Modelplane.Client;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Server.Api;
using Modelplane.Server.Api.Governance;
using Modelplane.Server.Governance;
using Modelplane.Server.Grpc;
using Modelplane.Server.Hosting.Overload;
using Modelplane.Server.Mlflow;
using Modelplane.Server.Oip;
using Modelplane.Server.Scoring;
using Modelplane.Server.Telemetry;
using Modelplane.Server.Workspaces;

namespace Modelplane.Server.Hosting;

/// <summary>Builds the Modelplane web application; <c>modelplane server</c>, <c>modelplane demo</c> and the tests all use it.</summary>
public static class ModelplaneHost
{
    /// <summary>The address served when none is configured: loopback only, so a default start is never public.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>Builds a configured, not yet started, application from command-line style arguments.</summary>
    /// <remarks>Reads <c>Urls</c> and the <c>Modelplane</c> configuration section (for example <c>--Modelplane:DataDirectory=DIR</c>).</remarks>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrEmpty(urls))
        {
            urls = DefaultUrl;
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var grpcUrl = builder.Configuration[$"{Grpc.GrpcOptions.Section}:{nameof(Grpc.GrpcOptions.Url)}"];
        builder.Services.AddSingleton(HostPolicy.For(builder.Configuration["Modelplane:AllowedHosts"], string.IsNullOrEmpty(grpcUrl) ? urls : $"{urls};{grpcUrl}"));

        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        QuietHostingDiagnostics(builder.Configuration);
        ConfigureLogging(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            ConfigureLimits(kestrel.Limits);
        });

        AddServices(builder.Services);
        builder.AddModelplaneTelemetry();
        builder.AddModelplaneGrpc();
        var app = builder.Build();
        MapRoutes(app);
        return app;
    }

    /// <summary>
    /// Turns off ASP.NET Core's per-request hosting log unless configuration turns it on (a default, lowest precedence).
    /// </summary>
    /// <remarks>
    /// When that logger is on at any level, ASP.NET Core opens a log scope and starts an <c>Activity</c> for every
    /// request, two async-local values every later await carries: about 4 µs of CPU a request, 10–15% of the one-row
    /// throughput (bench/README.md, 2026-11-29). All it writes is the Information-level "Request starting/finished"
    /// lines, filtered out anyway; errors name their request themselves (<see cref="ErrorResponses"/>), and with tracing
    /// on the request still has its span, whose ids the log lines carry.
    /// </remarks>
    private static void QuietHostingDiagnostics(ConfigurationManager configuration) =>
        configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", nameof(LogLevel.None))],
        });

    /// <summary>
    /// Log lines carry the trace and span ids when the request is traced; when the output is not a
    /// terminal (a container, a service, a pipe) they are JSON, one object per line, for a log collector to parse.
    /// </summary>
    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (Console.IsOutputRedirected)
        {
            logging.ClearProviders();
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
    }

    /// <summary>
    /// Connection limits set on purpose rather than inherited (RELIABILITY.md T06): a client that dribbles its headers or
    /// its body must lose its connection in seconds, so attack connections cannot pile up and exhaust descriptors.
    /// </summary>
    private static void ConfigureLimits(KestrelServerLimits limits)
    {
        // Routes that accept large bodies (uploads, inference) raise this per request; everything else is small JSON.
        limits.MaxRequestBodySize = 1024 * 1024;
        // Real clients send their headers in one or two packets; slowloris sends one byte every few seconds.
        // Kestrel's 30 s default lets one attacker hold many connections three times as long.
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        // A body slower than 240 B/s after a 5 s grace is an attack or a dead link (Kestrel's default, made explicit so a
        // change of default cannot quietly let 1 byte/s uploads hold a connection and a request buffer for hours).
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        // An idle connection (including one that never sends a byte) holds a descriptor; reconnecting is cheap on a LAN.
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
        limits.MaxRequestHeadersTotalSize = 32 * 1024;
        limits.MaxRequestHeaderCount = 100;
        limits.MaxRequestLineSize = 8 * 1024;
        // MaxConcurrentConnections stays unlimited: a cap turns a connection flood into a refusal of every client,
        // while the timeouts above already reclaim attack connections within seconds.
    }

    private static void AddServices(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ModelplaneJson.Context));
        // The default workspace's registry and serving live in the application's container; other workspaces get
        // containers of their own with the same registrations (WorkspaceHosts).
        services.AddWorkspaceServices();
        services.AddModelServing();
        services.AddModelplaneGovernance();
        services.AddSingleton<FailedAuthentications>();
        services.AddSingleton<ShadowMirror>();
        services.AddSingleton<InferenceLog.InferenceLogMetrics>();
        services.AddSingleton(new ApplicationServiceDescriptors(services));
        services.AddSingleton<WorkspaceHosts>();
        // After the control database is migrated and the default workspace has loaded its endpoints.
        services.AddHostedService(sp => sp.GetRequiredService<WorkspaceHosts>());

        services.AddSloSharedServices();
        services.AddSingleton<ReadinessState>();
        services.AddSingleton<OverloadCounters>();
        services.AddSingleton<QueueDelayMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueDelayMonitor>());
        services.AddOpenApi();
    }

    private static void MapRoutes(WebApplication app)
    {
        // First: a refusal under overload must cost as little as possible.
        app.UseMiddleware<OverloadShedding>();
        app.UseMiddleware<ErrorResponses>();
        app.UseMiddleware<HostAndOriginChecks>();
        // Access control needs the matched route's rule, so routing runs first, explicitly.
        app.UseRouting();
        app.UseMiddleware<AccessControl>();
        // Inside ErrorResponses so a handler's exception is recorded with the status it will be answered with.
        app.UseMiddleware<AuditMiddleware>();

        app.MapOpenApi().RequireAccess(Permissions.Read);
        app.MapOpenInferenceProtocol();
        app.MapMlflowScoring();
        app.MapModelplaneGrpc();
        app.MapModelsApi();
        app.MapModelArchiveApi();
        app.MapModelLifecycleApi();
        app.MapVersionSearchApi();
        app.MapAliasesApi();
        app.MapVersionMetadataApi();
        app.MapReferenceProfileApi();
        app.MapVersionExecutionApi();
        app.MapEndpointsApi();
        app.MapRolloutsApi();
        app.MapInferenceLogApi();
        app.MapReplayApi();
        app.MapSloApi();
        app.MapMonitoringApi();
        app.MapAlertsApi();
        app.MapIdentityApi();
        app.MapWorkspacesApi();
        app.MapPoliciesApi();
        app.MapSecretsApi();
        app.MapSigningKeysApi();
        app.MapVersionSignaturesApi();
        app.MapMlflow();
        app.MapAuditApi();
        app.MapModelplaneMetrics();
        app.MapFallback((HttpContext c) => ErrorResults.Error(StatusCodes.Status404NotFound, $"No route {c.Request.Method} {c.Request.Path}; see /openapi/v1.json."))
            .ExcludeFromDescription().ExcludeFromAudit().AllowPublicAccess();
    }
}
