using Modelplane.Server.Mlflow;
using Modelplane.Serving.Mlflow;

namespace Modelplane.Server.Hosting.Overload;

/// <summary>
/// Refuses inference requests with 503 and <c>Retry-After</c> while <see cref="QueueDelayMonitor"/> says the server is
/// overloaded, before routing, authentication or any body is read, so a refusal costs little and returns at once and
/// clients that honour <c>Retry-After</c> take their load elsewhere. Health, metadata and management routes are never
/// shed: probes must keep answering and operators must be able to act during the overload.
/// </summary>
internal sealed class OverloadShedding(RequestDelegate next, QueueDelayMonitor monitor, OverloadCounters counters)
{
    private const string GrpcInfer = "/inference.GRPCInferenceService/ModelInfer";
    private const string Message = "The server is overloaded: requests are waiting longer than its queue-delay target before they run. Retry after the delay in Retry-After, or add replicas.";

    public Task InvokeAsync(HttpContext context)
    {
        // A volatile read is all an unloaded server pays.
        if (!monitor.Overloaded)
        {
            return next(context);
        }

        var path = context.Request.Path.Value ?? "";
        var kind = Classify(context.Request.Method, path);
        if (kind == Kind.Other)
        {
            return next(context);
        }

        counters.Shed();
        context.Response.Headers.RetryAfter = "1";
        return kind switch
        {
            Kind.Grpc => WriteGrpcUnavailable(context),
            Kind.Mlflow => WriteMlflowUnavailable(context),
            _ => ErrorResults.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, Message),
        };
    }

    internal static Kind Classify(string method, string path)
    {
        if (!HttpMethods.IsPost(method))
        {
            return Kind.Other;
        }
        if (path.StartsWith("/v2/models/", StringComparison.Ordinal) && path.EndsWith("/infer", StringComparison.Ordinal))
        {
            return Kind.Oip;
        }
        if (path.StartsWith("/endpoints/", StringComparison.Ordinal) && path.EndsWith("/invocations", StringComparison.Ordinal))
        {
            return Kind.Mlflow;
        }

        return string.Equals(path, GrpcInfer, StringComparison.Ordinal) ? Kind.Grpc : Kind.Other;
    }

    private static Task WriteMlflowUnavailable(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return context.Response.WriteAsJsonAsync(
            new MlflowErrorDto(MlflowErrorCodes.TemporarilyUnavailable, Message), MlflowJsonContext.Default.MlflowErrorDto, "application/json", context.RequestAborted);
    }

    // A trailers-only gRPC answer: status UNAVAILABLE in the headers, no message; gRPC clients retry it by policy.
    private static Task WriteGrpcUnavailable(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = "14";
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(Message);
        context.Response.Headers["retry-after"] = "1";
        return Task.CompletedTask;
    }

    internal enum Kind
    {
        Other,
        Oip,
        Mlflow,
        Grpc,
    }
}

/// <summary>Requests refused by <see cref="OverloadShedding"/>, for <c>/metrics</c>.</summary>
internal sealed class OverloadCounters
{
    private long _shed;

    public long ShedTotal => Interlocked.Read(ref _shed);

    public void Shed() => Interlocked.Increment(ref _shed);
}
