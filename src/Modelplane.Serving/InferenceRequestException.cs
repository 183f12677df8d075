namespace Modelplane.Serving;

/// <summary>An inference request the client got wrong; never thrown for server faults.</summary>
/// <param name="message">Says what is wrong, naming the offending field or tensor.</param>
/// <param name="statusCode">The HTTP status to answer with: 400, or 413 for size limits.</param>
public sealed class InferenceRequestException(string message, int statusCode = 400) : Exception(message)
{
    /// <summary>The HTTP status to answer with.</summary>
    /// <value>400 unless a size limit was exceeded (413).</value>
    public int StatusCode { get; } = statusCode;

    internal static InferenceRequestException TooLarge(string message) => new(message, 413);
}
