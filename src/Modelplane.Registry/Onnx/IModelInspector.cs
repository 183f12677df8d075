using Modelplane.Registry.Formats;

namespace Modelplane.Registry.Onnx;

/// <summary>Reads a model artifact's signature and refuses artifacts that are unsafe or unservable.</summary>
public interface IModelInspector
{
    /// <summary>Detects the artifact's format from its bytes and reads its signature.</summary>
    /// <exception cref="InvalidModelException">The bytes are not a servable model; the message says why.</exception>
    InspectedModel Inspect(Stream artifact);
}

/// <summary>An artifact was refused at registration (an HTTP 400 that names the problem).</summary>
public sealed class InvalidModelException(string message) : Exception(message);
