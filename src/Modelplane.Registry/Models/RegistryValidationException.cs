namespace Modelplane.Registry.Models;

/// <summary>A request to the registry was refused because of its input (an HTTP 400 whose message names the problem).</summary>
public sealed class RegistryValidationException(string message) : Exception(message);
