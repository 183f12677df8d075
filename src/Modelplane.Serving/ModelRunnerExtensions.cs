using System.Buffers;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving;

/// <summary>Conveniences over <see cref="IModelRunner"/>.</summary>
public static class ModelRunnerExtensions
{
    /// <summary>Runs one OIP JSON request to completion on the calling thread (warm-up, tests, tools).</summary>
    /// <param name="runner">The runner.</param>
    /// <param name="requestBody">The UTF-8 JSON request body.</param>
    /// <param name="output">Receives the UTF-8 JSON response; nothing is written when the call throws.</param>
    /// <param name="modelName">Echoed as <c>model_name</c> and named in error messages.</param>
    /// <param name="options">Limits; the defaults when null.</param>
    /// <param name="observer">Sees the outputs before they are encoded (as on the serving path); none when null.</param>
    /// <exception cref="InferenceRequestException">The request is malformed or does not fit the model's signature.</exception>
    public static void Infer(
        this IModelRunner runner, ReadOnlySequence<byte> requestBody, IBufferWriter<byte> output, string modelName, ServingOptions? options = null, IInferenceObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(modelName);
        var pending = runner.InferAsync(new OipJsonCodec(requestBody, output, options ?? DefaultOptions), new InferenceCall(modelName) { Observer = observer });
        if (pending.IsCompleted)
        {
            pending.GetAwaiter().GetResult();
        }
        else
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }

    private static readonly ServingOptions DefaultOptions = new();
}
