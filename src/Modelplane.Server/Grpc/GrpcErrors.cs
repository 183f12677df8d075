using System.Globalization;
using Grpc.Core;
using Modelplane.Serving;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Grpc;

/// <summary>
/// Maps what can go wrong in a call to a gRPC status, mirroring the HTTP status REST answers (kept for the metrics):
/// the caller's mistakes keep their message; our faults are logged and answered without internals.
/// </summary>
internal static partial class GrpcErrors
{
    /// <summary>The status to answer with and the HTTP status REST would have answered.</summary>
    public static (RpcException Error, int HttpStatus) Map(Exception exception, ILogger logger) => exception switch
    {
        RpcException rpc => (rpc, rpc.StatusCode == StatusCode.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest),
        InferenceRequestException bad => (
            Error(bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? StatusCode.ResourceExhausted : StatusCode.InvalidArgument, bad.Message),
            bad.StatusCode),
        InferenceRejectedException rejected => (Rejected(rejected), rejected.StatusCode),
        ModelLoadException load => (LoadFailed(load, logger), StatusCodes.Status503ServiceUnavailable),
        // The version was deleted between routing and running, and its runner disposed; a retry routes afresh.
        ObjectDisposedException => (Error(StatusCode.Unavailable, "The model version this request was routed to was just deleted; retry."), StatusCodes.Status503ServiceUnavailable),
        OperationCanceledException => (Error(StatusCode.Cancelled, "The call was cancelled."), 499),
        _ => (Internal(exception, logger), StatusCodes.Status500InternalServerError),
    };

    private static RpcException Error(StatusCode code, string message) => new(new Status(code, message));

    private static RpcException Rejected(InferenceRejectedException rejected)
    {
        var code = rejected.StatusCode switch
        {
            StatusCodes.Status429TooManyRequests => StatusCode.ResourceExhausted,
            StatusCodes.Status504GatewayTimeout => StatusCode.DeadlineExceeded,
            _ => StatusCode.Unavailable,
        };
        var trailers = new Metadata();
        if (rejected.RetryAfter > TimeSpan.Zero)
        {
            // The same hint REST gives in Retry-After, in seconds.
            trailers.Add("retry-after", Math.Max(1, (int)Math.Ceiling(rejected.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }
        return new RpcException(new Status(code, rejected.Message), trailers);
    }

    private static RpcException LoadFailed(ModelLoadException load, ILogger logger)
    {
        LogLoadFailure(logger, load);
        return Error(StatusCode.Unavailable, load.Message);
    }

    private static RpcException Internal(Exception exception, ILogger logger)
    {
        LogInferenceFailure(logger, exception);
        return Error(StatusCode.Internal, "Inference failed because of an internal error; see the server log.");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC inference failed with an internal error")]
    private static partial void LogInferenceFailure(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "A model version failed to load for a gRPC call")]
    private static partial void LogLoadFailure(ILogger logger, Exception exception);
}
