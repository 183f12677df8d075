using System.Buffers;
using Modelplane.Serving;
using Modelplane.Serving.Mlflow;
using Modelplane.Serving.Protocol;
using Modelplane.Server.Mlflow;
using Modelplane.Server.Oip;

namespace Modelplane.Server.Scoring;

/// <summary>MLflow's scoring protocol over REST: JSON or CSV rows in, <c>{"predictions": ...}</c> out, MLflow error bodies.</summary>
internal readonly struct MlflowScoringProtocol(ServingOptions options) : IHttpInferenceProtocol
{
    private const string ErrorCodeItem = "Modelplane.MlflowErrorCode";

    public ValueTask RunAsync(HttpContext context, IModelRunner runner, ReadOnlySequence<byte> body, IBufferWriter<byte> output, InferenceCall invocation)
    {
        var content = ScoringContentType.Parse(context.Request.ContentType);
        context.Response.ContentType = "application/json";
        ValueTask pending;
        try
        {
            pending = runner.InferAsync(new MlflowScoringCodec(body, content, output, options), invocation);
        }
        catch (InferenceRequestException ex)
        {
            Remember(context, ex);
            throw;
        }
        return pending.IsCompletedSuccessfully ? pending : AwaitAsync(context, pending);
    }

    public ValueTask RunDetachedAsync(IModelRunner runner, ReadOnlySequence<byte> body, IBufferWriter<byte> output, InferenceCall invocation, string? contentType) =>
        runner.InferAsync(new MlflowScoringCodec(body, ScoringContentType.Parse(contentType), output, options), invocation);

    public Modelplane.Serving.Logging.RequestFormat LogFormat(HttpContext context, out int jsonHeaderLength)
    {
        jsonHeaderLength = 0;
        return context.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true
            ? Modelplane.Serving.Logging.RequestFormat.MlflowCsv
            : Modelplane.Serving.Logging.RequestFormat.MlflowJson;
    }

    public Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }
        // Items is only touched on this error path, so a successful call never builds its dictionary.
        var code = context.Items.TryGetValue(ErrorCodeItem, out var item) && item is string tagged ? tagged : MlflowErrorCodes.ForStatus(status);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new MlflowErrorDto(code, message), MlflowJsonContext.Default.MlflowErrorDto, "application/json", context.RequestAborted);
    }

    private static async ValueTask AwaitAsync(HttpContext context, ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (InferenceRequestException ex)
        {
            Remember(context, ex);
            throw;
        }
    }

    // The handler hands WriteErrorAsync only a status and a message; the codec's finer error code travels beside them.
    private static void Remember(HttpContext context, InferenceRequestException ex)
    {
        if (MlflowErrorCodes.Of(ex) is { } code)
        {
            context.Items[ErrorCodeItem] = code;
        }
    }
}
