namespace Modelplane.Serving.Protocol;

/// <summary>
/// One wire protocol (OIP JSON, OIP binary, MLflow scoring, gRPC): reads a request into the runner's typed
/// buffers and writes the result out. The runner owns the buffers; a codec only moves bytes in and out.
/// </summary>
/// <remarks>Implement as a struct: the runner is generic over the codec, so calls are direct and nothing is boxed.</remarks>
public interface IInferenceCodec
{
    /// <summary>Fills every input of <paramref name="request"/>, validating against the signature as it goes.</summary>
    /// <exception cref="InferenceRequestException">The request is malformed or does not fit the model.</exception>
    void Decode(InferenceRequest request);

    /// <summary>Writes the outputs of a successful run; not called when the run failed.</summary>
    void Encode(InferenceResult result);
}
