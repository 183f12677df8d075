using Modelplane.Registry.Models;

namespace Modelplane.Registry.Formats;

/// <summary>One servable artifact format: recognises its bytes and reads their signature.</summary>
/// <remarks>Register implementations with <c>TryAddEnumerable</c>; the detector asks each in turn.</remarks>
public interface IModelFormat
{
    /// <summary>The format stored on the version, e.g. <c>onnx</c> or <c>mlnet</c>.</summary>
    string Name { get; }

    /// <summary>Whether the artifact's first bytes look like this format (a cheap check, no parsing).</summary>
    /// <param name="header">Up to <see cref="ModelFormatDetector.HeaderLength"/> leading bytes of the artifact.</param>
    bool Matches(ReadOnlySpan<byte> header);

    /// <summary>Parses the whole artifact, refuses it if it is unsafe or unservable, and returns its signature.</summary>
    /// <exception cref="Onnx.InvalidModelException">The bytes are not a servable model of this format.</exception>
    ModelSignature Inspect(Stream artifact);
}

/// <summary>The detected format of an artifact and its signature.</summary>
/// <param name="Format">The <see cref="IModelFormat.Name"/> that recognised the bytes.</param>
/// <param name="Signature">The inputs and outputs.</param>
public sealed record InspectedModel(string Format, ModelSignature Signature);

/// <summary>The names of the built-in formats.</summary>
public static class ModelFormatNames
{
    /// <summary>An ONNX <c>ModelProto</c>.</summary>
    public const string Onnx = "onnx";

    /// <summary>A zip written by ML.NET's <c>mlContext.Model.Save</c>.</summary>
    public const string MlNet = "mlnet";
}
