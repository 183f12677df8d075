using Grpc.AspNetCore.Server;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Governance.Workspaces;
using Modelplane.Server.Hosting;

namespace Modelplane.Server.Governance;

/// <summary>
/// Writes an audit record before and after every change request: <c>started</c> before the handler runs (if that
/// cannot be written the handler never runs and the caller gets 503: fail closed), then the outcome with its status.
/// </summary>
/// <remarks>
/// A change is a POST, PUT, PATCH or DELETE to a route, except routes marked <see cref="NotAudited"/> (inference,
/// read-only POSTs such as searches), routes whose access rule is <see cref="AccessRule.Prediction"/> and gRPC
/// methods (all inference): scoring must never wait on the control database. Request bodies are never recorded.
/// </remarks>
internal sealed partial class AuditMiddleware(RequestDelegate next, IAuditLog audit, ILogger<AuditMiddleware> logger)
{
    /// <summary>The workspace recorded until the access middleware attaches a caller.</summary>

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (!IsAudited(context.Request.Method, endpoint))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var summary = new AuditSummary();
        context.Features.Set(summary);
        var record = new RecordShape(context, endpoint!, summary);
        try
        {
            await audit.AppendAsync(record.Entry(AuditOutcome.Started, null), context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            LogAppendFailed(logger, record.Target, ex);
            context.Response.Headers.RetryAfter = "5";
            await ErrorResults.WriteErrorAsync(
                context, StatusCodes.Status503ServiceUnavailable,
                "The audit log is unavailable, so the change was not made. Retry later.").ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // ErrorResponses (outside this middleware) turns the exception into the answer; record the status it will send.
            int? status = ex is OperationCanceledException && context.RequestAborted.IsCancellationRequested ? null : ErrorResponses.Map(ex).Status;
            await AppendOutcomeAsync(context, record, status).ConfigureAwait(false);
            throw;
        }

        await AppendOutcomeAsync(context, record, context.Response.StatusCode).ConfigureAwait(false);
    }

    internal static bool IsAudited(string method, Endpoint? endpoint) =>
        endpoint is not null
        && (HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method))
        && endpoint.Metadata.GetMetadata<NotAudited>() is null
        && !ReferenceEquals(endpoint.Metadata.GetMetadata<AccessRule>(), AccessRule.Prediction)
        && endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is null;

    internal static AuditOutcome OutcomeOf(int? status) => status switch
    {
        < 400 => AuditOutcome.Succeeded,
        StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => AuditOutcome.Denied,
        _ => AuditOutcome.Failed,
    };

    private async Task AppendOutcomeAsync(HttpContext context, RecordShape record, int? status)
    {
        try
        {
            // Not the request's token: a client that hangs up after the change must not erase its record.
            await audit.AppendAsync(record.Entry(OutcomeOf(status), status), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The change is made and its started record is in the chain, but the outcome could not be written:
            // do not acknowledge it. Before the answer is sent that is a 503; after, the connection is dropped.
            LogAppendFailed(logger, record.Target, ex);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await ErrorResults.WriteErrorAsync(
                    context, StatusCodes.Status503ServiceUnavailable,
                    "The change was attempted but its audit record could not be completed; check its state before retrying.").ConfigureAwait(false);
            }
            else
            {
                context.Abort();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "Writing the audit record for {Target} failed")]
    private static partial void LogAppendFailed(ILogger logger, string target, Exception exception);

    /// <summary>The fields both of a request's records share.</summary>
    private sealed class RecordShape(HttpContext context, Endpoint endpoint, AuditSummary summary)
    {
        private readonly Caller _caller = context.GetCaller() ?? Caller.Anonymous(WorkspaceName.Default);
        private readonly string? _client = context.Connection.RemoteIpAddress?.ToString();

        public string Action { get; } = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
            ?? $"{context.Request.Method} {(endpoint as RouteEndpoint)?.RoutePattern.RawText ?? endpoint.DisplayName}";

        // Path only: a query string can hold secrets.
        public string Target { get; } = $"{context.Request.Method} {context.Request.PathBase}{context.Request.Path}";

        public AuditEntry Entry(AuditOutcome outcome, int? status) =>
            new(_caller.Workspace, _caller.Name, Action, Target, outcome, status, summary.Before, summary.After, _client, context.TraceIdentifier);
    }
}
