namespace Modelplane.Governance.Secrets;

/// <summary>No secret of that name exists in the workspace.</summary>
public sealed class SecretNotFoundException(string workspace, string name)
    : Exception($"Secret '{name}' does not exist in workspace '{workspace}'.");

/// <summary>
/// A stored secret cannot be decrypted: it was sealed with another master key, or its row was altered or moved. The
/// message names the secret and the cause, never the value.
/// </summary>
public sealed class SecretUnreadableException(string message) : Exception(message);

/// <summary>The master key cannot be read or is malformed; the message says which source and what is wrong.</summary>
public sealed class SecretKeyException(string message, Exception? inner = null) : Exception(message, inner);
