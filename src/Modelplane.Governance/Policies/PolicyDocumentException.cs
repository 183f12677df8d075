namespace Modelplane.Governance.Policies;

/// <summary>A policy document cannot be used; the message names the line and the field.</summary>
public sealed class PolicyDocumentException : Exception
{
    /// <summary>Creates the exception with a message naming the problem.</summary>
    public PolicyDocumentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a generic message (required by the exception pattern).</summary>
    public PolicyDocumentException()
        : this("The policy document is invalid.")
    {
    }

    /// <summary>Creates the exception wrapping another one (required by the exception pattern).</summary>
    public PolicyDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
