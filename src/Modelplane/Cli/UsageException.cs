namespace Modelplane.Cli;

/// <summary>A mistake in what the user typed, found before or without talking to the server; exits with <see cref="ExitCodes.Usage"/>.</summary>
internal sealed class UsageException(string message) : Exception(message);
