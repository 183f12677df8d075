namespace Modelplane.Client;

/// <summary>The server answered with an error status; <see cref="Exception.Message"/> is the server's own error text.</summary>
public sealed class ModelplaneApiException : Exception
{
    /// <summary>Creates the exception for an HTTP status and the server's message.</summary>
    public ModelplaneApiException(int status, string message)
        : base(message)
    {
        Status = status;
    }

    /// <summary>Creates the exception with a generic message (required by the exception pattern).</summary>
    public ModelplaneApiException()
        : this(0, "The Modelplane server returned an error.")
    {
    }

    /// <summary>Creates the exception with a message and no status (required by the exception pattern).</summary>
    public ModelplaneApiException(string message)
        : this(0, message)
    {
    }

    /// <summary>Creates the exception wrapping another one (required by the exception pattern).</summary>
    public ModelplaneApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status code the server returned, e.g. 404.</summary>
    public int Status { get; }
}
