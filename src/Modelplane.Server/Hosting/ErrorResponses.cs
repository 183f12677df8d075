using Modelplane.Governance.Policies;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.FileSystem;
using Modelplane.Registry.Models;
using Modelplane.Registry.Onnx;
using Modelplane.Registry.Storage;
using Modelplane.Registry.Tracking.Search;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Routing;
using Modelplane.Server.Oip;

namespace Modelplane.Server.Hosting;

/// <summary>
/// Turns exceptions from the registry and the runtime into JSON errors with the right status: the caller's
/// mistakes are 4xx with a message that names the problem; our faults are 5xx without internals.
/// </summary>
internal sealed partial class ErrorResponses(RequestDelegate next, ILogger<ErrorResponses> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (PolicyRefusedException refused) when (!context.Response.HasStarted)
        {
            await ErrorResults.WritePolicyRefusalAsync(context, refused).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            var (status, message) = Map(ex);
            if (status >= 500)
            {
                LogServerError(logger, context.Request.Method, context.Request.Path, context.TraceIdentifier, ex);
            }

            if (ex is InferenceRejectedException { RetryAfter: var retry } && retry > TimeSpan.Zero)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (status == StatusCodes.Status503ServiceUnavailable && ex is not InferenceRejectedException)
            {
                context.Response.Headers.RetryAfter = "5";
            }

            await ErrorResults.WriteErrorAsync(context, status, message).ConfigureAwait(false);
        }
    }

    internal static (int Status, string Message) Map(Exception ex) => ex switch
    {
        RegistryValidationException or InvalidModelException or SearchFilterException => (StatusCodes.Status400BadRequest, ex.Message),
        ResourceNotFoundException => (StatusCodes.Status404NotFound, ex.Message),
        PolicyRefusedException => (StatusCodes.Status403Forbidden, ex.Message),
        ResourceConflictException or ResourceInUseException or Rollouts.RolloutActionException => (StatusCodes.Status409Conflict, ex.Message),
        ArtifactTooLargeException => (StatusCodes.Status413PayloadTooLarge, ex.Message),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge
            => (StatusCodes.Status413PayloadTooLarge, "The request body is larger than this route accepts."),
        BadHttpRequestException bad => (bad.StatusCode, $"Bad request: {bad.Message}"),
        ModelLoadException => (StatusCodes.Status503ServiceUnavailable, ex.Message),
        ModelMemoryBudgetException => (StatusCodes.Status409Conflict, ex.Message),
        InferenceRejectedException rejected => (rejected.StatusCode, ex.Message),
        ArtifactIntegrityException => (StatusCodes.Status500InternalServerError, "A stored artifact failed its integrity check; it will not be served."),
        IOException io when FileSystemErrors.IsDiskFull(io)
            => (StatusCodes.Status507InsufficientStorage, "The server's storage is full; nothing was stored."),
        IOException => (StatusCodes.Status503ServiceUnavailable, "The server could not write durably; nothing was stored. Retry later."),
        _ => (StatusCodes.Status500InternalServerError, "Internal error; see the server log."),
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} ({RequestId}) failed")]
    private static partial void LogServerError(ILogger logger, string method, PathString path, string requestId, Exception exception);
}
