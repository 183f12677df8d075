namespace Modelplane.Serving.Execution;

/// <summary>
/// A well-formed request the server will not run now: the version's queue is full (429), it is loading or unloaded
/// (503), or the request's timeout passed while it waited (504). Nothing ran; the client may retry after <see cref="RetryAfter"/>.
/// </summary>
/// <param name="message">Says why, naming the model version and the limit that was reached.</param>
/// <param name="statusCode">The HTTP status to answer with.</param>
/// <param name="retryAfter">When a retry may succeed; zero when the client should not simply retry.</param>
public sealed class InferenceRejectedException(string message, int statusCode, TimeSpan retryAfter) : Exception(message)
{
    /// <summary>The HTTP status to answer with: 429, 503 or 504.</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>When a retry may succeed; zero when none is suggested.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
