namespace Modelplane.Serving.Protocol;

/// <summary>
/// Sees the outputs of a successful run just before the codec writes them: the routing policies read a prediction
/// here (a cascade's confidence, a shadow's agreement) without parsing the encoded response.
/// </summary>
/// <remarks>Called on the request's thread while the output buffers are valid; must not keep <paramref name="result"/>.</remarks>
public interface IInferenceObserver
{
    /// <summary>Reads what it needs from the outputs of one run.</summary>
    void Observe(in InferenceResult result);
}
