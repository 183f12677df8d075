using Modelplane.Governance.Access;
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Modelplane.Registry.Models;
using Modelplane.Serving;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;
using Modelplane.Serving.Routing;
using Modelplane.Serving.Telemetry;
using Modelplane.Server.Hosting;
using Modelplane.Server.InferenceLog;
using Modelplane.Server.Telemetry;

namespace Modelplane.Server.Oip;

/// <summary>
/// The hot path shared by every HTTP inference protocol (OIP <c>/v2/models/{name}[/versions/{version|alias}]/infer</c>,
/// MLflow <c>/endpoints/{name}/invocations</c>): a snapshot lookup finds the runner, load is shed before the body is
/// read, the body is read into pipe buffers without copying, and the response is written from pooled memory.
/// The protocol only decodes, encodes and shapes its errors.
/// </summary>
internal sealed partial class InferenceHandler(
    ServingTable table,
    EndpointRateLimits rateLimits,
    ShadowMirror shadows,
    InferenceLogSampling logSampling,
    InferenceLogWriter logWriter,
    IInferenceTelemetry telemetry,
    TimeProvider time,
    IOptions<ServingOptions> options,
    ILogger<InferenceHandler> logger)
{
    /// <summary>The response header naming the version that answered, as <c>model@version</c>.</summary>
    public const string VersionHeader = "X-Modelplane-Version";

    /// <summary>The request id a logged prediction is kept under: the caller's, or the server's (then answered in this header).</summary>
    public const string RequestIdHeader = "X-Request-Id";

    // Bodies up to this size are parsed from one contiguous pooled copy; larger ones stay in the pipe's segments.
    private const int ContiguousCopyLimit = 4 * 1024 * 1024;

    private readonly ServingOptions _options = options.Value;
    private readonly long _maxRequestBytes = options.Value.MaxRequestBytes;

    /// <summary>The serving options the handler was built with.</summary>
    public ServingOptions Options => _options;

    /// <summary>
    /// The handler of the request's workspace. Access control swaps a workspace's services into the request; when nothing
    /// has touched the request's services (the default workspace), the application's singleton is taken without opening
    /// the request's DI scope, which costs three allocations, two lookups and a disposal on every prediction.
    /// </summary>
    public static InferenceHandler For(HttpContext context, IServiceProvider application) =>
        (context.Features.Get<IServiceProvidersFeature>()?.RequestServices ?? application).GetRequiredService<InferenceHandler>();

    /// <summary>Serves one OIP inference request: JSON, or the binary tensor data extension when its header is present.</summary>
    public Task InferAsync(HttpContext context)
    {
        var binaryHeader = context.Request.Headers[OipBinaryCodec.HeaderName];
        return binaryHeader.Count == 0
            ? InferAsync(context, new OipJsonProtocol(_options))
            : InferAsync(context, new OipBinaryProtocol(_options, binaryHeader));
    }

    /// <summary>Serves one inference request in <paramref name="protocol"/>.</summary>
    public async Task InferAsync<TProtocol>(HttpContext context, TProtocol protocol)
        where TProtocol : IHttpInferenceProtocol
    {
        var started = Stopwatch.GetTimestamp();
        using var span = InferenceTracing.StartInference();
        var phases = span is null ? null : new CallPhases();
        var recorder = telemetry.Unrouted;
        RouteArm? arm = null;
        ServingRoute? route = null;
        PendingLog? logged = null;
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            using (InferenceTracing.StartChild("modelplane.route"))
            {
                route = await ResolveAsync(context).ConfigureAwait(false);
            }

            if (route is null)
            {
                status = StatusCodes.Status404NotFound;
                await protocol.WriteErrorAsync(context, status, NotFoundMessage(context)).ConfigureAwait(false);
                return;
            }

            if (route.Endpoint is { } endpoint && rateLimits.HasLimits(endpoint))
            {
                EnsureWithinRateLimits(context, rateLimits, endpoint);
            }

            if (route.Endpoint is { } loggedEndpoint && logSampling.Sample(loggedEndpoint, out var log))
            {
                logged = StartLog(context, log);
            }

            arm = route.Choose(context.Request);
            recorder = arm.Telemetry;
            // Which version answered, on every response (errors too): a split or a rollout makes it a per-request fact.
            context.Response.Headers[VersionHeader] = arm.Label;
            arm = await RunAsync(context, route, arm, protocol, logged, phases).ConfigureAwait(false);
            recorder = arm.Telemetry;
            status = StatusCodes.Status200OK;
        }
        catch (InferenceRequestException ex)
        {
            status = ex.StatusCode;
            await protocol.WriteErrorAsync(context, status, ex.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            status = ex.StatusCode;
            var message = status == StatusCodes.Status413PayloadTooLarge
                ? $"Request body exceeds the limit of {_maxRequestBytes} bytes."
                : $"Bad request: {ex.Message}";
            await protocol.WriteErrorAsync(context, status, message).ConfigureAwait(false);
        }
        catch (InferenceRejectedException ex)
        {
            status = ex.StatusCode;
            if (ex.RetryAfter > TimeSpan.Zero)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(ex.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
            await protocol.WriteErrorAsync(context, status, ex.Message).ConfigureAwait(false);
        }
        catch (ModelLoadException ex)
        {
            status = StatusCodes.Status503ServiceUnavailable;
            LogLoadFailure(logger, ex);
            await protocol.WriteErrorAsync(context, status, ex.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = 499; // the client went away; nothing to answer
        }
        catch (ObjectDisposedException)
        {
            // The version was deleted or unloaded between routing and running, and its runner disposed; a retry routes afresh.
            status = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            await protocol.WriteErrorAsync(context, status, "The model version this request was routed to was just deleted or unloaded; retry.").ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A fault of ours, not the caller's: log it, answer without internals, keep serving.
            LogInferenceFailure(logger, ex);
            await protocol.WriteErrorAsync(context, status, "Inference failed because of an internal error; see the server log.").ConfigureAwait(false);
        }
        finally
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            recorder.Record(status, seconds);
            arm?.Window?.Record(status, seconds);
            if (span is not null)
            {
                EndSpan(span, started, phases, context, route, arm, status);
            }

            if (logged is not null)
            {
                using (InferenceTracing.StartChild("modelplane.log"))
                {
                    FinishLog(logged, route!, arm, status, seconds);
                }
            }
        }
    }

    private static void EndSpan(Activity span, long started, CallPhases? phases, HttpContext context, ServingRoute? route, RouteArm? arm, int status)
    {
        InferenceTracing.Tag(span, route?.Endpoint, arm?.Runner.Version.Model, arm?.Runner.Version.Version, RequestId(context, out _));
        span.SetTag("http.response.status_code", status);
        if (status >= 500)
        {
            span.SetStatus(ActivityStatusCode.Error);
        }

        InferenceTracing.AddPhases(span, started, phases);
    }

    // A sampled request is named by the caller's X-Request-Id (to post its label later), else by the server's id,
    // which the response then carries.
    private PendingLog StartLog(HttpContext context, EndpointLog log)
    {
        var id = RequestId(context, out var given);
        if (!given)
        {
            context.Response.Headers[RequestIdHeader] = id;
        }

        return new PendingLog(log, id, time.GetUtcNow(), context.GetCaller()?.Name);
    }

    /// <summary>The caller's X-Request-Id when it gave a usable one, else the server's id for the request.</summary>
    internal static string RequestId(HttpContext context, out bool given)
    {
        var header = context.Request.Headers[RequestIdHeader];
        given = header.Count == 1 && header[0] is { Length: > 0 and <= 128 };
        return given ? header[0]! : context.TraceIdentifier;
    }

    private void FinishLog(PendingLog logged, ServingRoute route, RouteArm? arm, int status, double seconds)
    {
        logged.Status = status;
        logged.LatencyMs = seconds * 1000;
        if (arm is not null)
        {
            logged.Model = arm.Runner.Version.Model;
            logged.Version = arm.Runner.Version.Version;
            logged.Route = ReferenceEquals(arm, route.Cascade?.Arm) ? "cascade"
                : ReferenceEquals(arm, route.Fallback?.Arm) ? "fallback"
                : route.Split is not null ? "split"
                : "direct";
        }

        logWriter.Enqueue(logged);
    }

    /// <summary>Refuses the request with 429 and Retry-After when the endpoint's limit, or this caller's share of it, is used up.</summary>
    /// <exception cref="InferenceRejectedException">A limit is reached.</exception>
    internal static void EnsureWithinRateLimits(HttpContext context, EndpointRateLimits limits, string endpoint)
    {
        // A token is one caller wherever it comes from; without one, the address is.
        var caller = context.GetCaller()?.TokenId ?? $"address:{context.Connection.RemoteIpAddress}";
        if (!limits.TryAcquire(endpoint, caller, out var retryAfter))
        {
            throw new InferenceRejectedException(
                $"Endpoint '{endpoint}' is over its rate limit; retry after {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))} s.",
                StatusCodes.Status429TooManyRequests,
                retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromSeconds(1));
        }
    }

    private ValueTask<ServingRoute?> ResolveAsync(HttpContext context)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        if (context.Request.RouteValues.TryGetValue("version", out var versionValue))
        {
            var text = versionValue as string;
            if (VersionMetadataRules.ParseVersionNumber(text) is { } version)
            {
                return table.TryGet(name, version) is { } versioned
                    ? ValueTask.FromResult<ServingRoute?>(versioned)
                    : new ValueTask<ServingRoute?>(table.ResolveAsync(name, version, context.RequestAborted));
            }

            var alias = VersionMetadataRules.IsValidAlias(text)
                ? text!
                : throw new InferenceRequestException($"Version '{text}' is neither a positive integer nor a valid alias.");
            return table.TryGetAlias(name, alias) is { } aliased
                ? ValueTask.FromResult<ServingRoute?>(aliased)
                : new ValueTask<ServingRoute?>(table.ResolveAliasAsync(name, alias, context.RequestAborted));
        }

        return table.TryGet(name) is { } route
            ? ValueTask.FromResult<ServingRoute?>(route)
            : new ValueTask<ServingRoute?>(table.ResolveAsync(name, context.RequestAborted));
    }

    /// <summary>Reads the body, runs the route's versions on it and writes the answer; returns the version that answered.</summary>
    private async ValueTask<RouteArm> RunAsync<TProtocol>(
        HttpContext context, ServingRoute route, RouteArm chosen, TProtocol protocol, PendingLog? logged, CallPhases? phases)
        where TProtocol : IHttpInferenceProtocol
    {
        var runner = (route.Cascade?.Arm ?? chosen).Runner;
        if (runner.IsAtCapacity)
        {
            // Shed before reading the body: an overloaded version costs the server as little as possible.
            throw new InferenceRejectedException(
                $"Model '{runner.Version.Model}' version {runner.Version.Version} is at capacity; retry later.", StatusCodes.Status429TooManyRequests, TimeSpan.FromSeconds(1));
        }

        var timeout = RequestTimeout.Read(context.Request.Headers);
        if (context.Request.ContentLength > _maxRequestBytes)
        {
            throw new InferenceRequestException($"Request body exceeds the limit of {_maxRequestBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = _maxRequestBytes;
        }

        var reader = context.Request.BodyReader;
        var body = await ReadToEndAsync(reader, context.RequestAborted).ConfigureAwait(false);
        using var output = new PooledBufferWriter();
        byte[]? contiguous = null;
        try
        {
            var buffer = body.Buffer;
            if (!buffer.IsSingleSegment && buffer.Length <= ContiguousCopyLimit)
            {
                // A body over one pipe segment (about 4 KiB) would be parsed by the sequence-based JSON reader, which costs
                // more per token than one copy into pooled contiguous memory costs per byte (64 rows: ~1.5× the CPU).
                contiguous = ArrayPool<byte>.Shared.Rent((int)buffer.Length);
                buffer.CopyTo(contiguous);
                buffer = new ReadOnlySequence<byte>(contiguous, 0, (int)buffer.Length);
            }
            if (logged is not null)
            {
                logged.KeepBody(buffer, protocol.LogFormat(context, out var headerLength), headerLength);
            }

            // A version a rollout watches reads its predictions into its window; a monitored one counts its live profile.
            var call = new InferenceCall(route.Name, timeout, context.RequestAborted) { Observer = chosen.Observer, Phases = phases };
            if (route.HasPolicies)
            {
                return await RunWithPoliciesAsync(context, route, chosen, protocol, buffer, output, call, logged).ConfigureAwait(false);
            }

            var pending = protocol.RunAsync(context, chosen.Runner, buffer, output, call);
            if (!pending.IsCompletedSuccessfully)
            {
                await pending.ConfigureAwait(false);
            }

            logged?.KeepAnswer(output.WrittenMemory.Span, IsJson(context));
            await WriteAnswerAsync(context, output).ConfigureAwait(false);
            return chosen;
        }
        finally
        {
            reader.AdvanceTo(body.Buffer.End);
            if (contiguous is not null)
            {
                ArrayPool<byte>.Shared.Return(contiguous);
            }
        }
    }

    private static bool IsJson(HttpContext context) =>
        context.Response.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true;

    private static ValueTask<FlushResult> WriteAnswerAsync(HttpContext context, PooledBufferWriter output)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentLength = output.WrittenMemory.Length;
        return response.BodyWriter.WriteAsync(output.WrittenMemory, context.RequestAborted);
    }

    private async ValueTask<ReadResult> ReadToEndAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct).ConfigureAwait(false);
            if (result.Buffer.Length > _maxRequestBytes)
            {
                reader.AdvanceTo(result.Buffer.End);
                throw new InferenceRequestException($"Request body exceeds the limit of {_maxRequestBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            if (result.IsCompleted)
            {
                return result;
            }

            // Keep everything buffered and ask for more until the body is complete.
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static string NotFoundMessage(HttpContext context)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        return context.Request.RouteValues.TryGetValue("version", out var version)
            ? VersionMetadataRules.ParseVersionNumber(version as string) is null
                ? $"Model '{name}' has no alias '{version}'."
                : $"Model '{name}' has no version {version}."
            : $"Model '{name}' not found: no endpoint or model has that name.";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Inference failed with an internal error")]
    private static partial void LogInferenceFailure(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A model version failed to load")]
    private static partial void LogLoadFailure(ILogger logger, Exception exception);
}
