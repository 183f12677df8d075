namespace Modelplane.Registry.Storage;

/// <summary>The named resource does not exist (an HTTP 404).</summary>
public sealed class ResourceNotFoundException(string message) : Exception(message);

/// <summary>The write conflicts with an existing resource (an HTTP 409).</summary>
public sealed class ResourceConflictException(string message) : Exception(message);

/// <summary>The resource is in use (an endpoint serves it) and cannot be changed that way now (an HTTP 409).</summary>
public sealed class ResourceInUseException(string message) : Exception(message);
