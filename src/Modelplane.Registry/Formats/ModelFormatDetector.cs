using Modelplane.Registry.Onnx;

namespace Modelplane.Registry.Formats;

/// <summary>Picks the artifact's format from its leading bytes (never its file name) and lets that format inspect it.</summary>
/// <param name="formats">The registered formats, asked in registration order.</param>
public sealed class ModelFormatDetector(IEnumerable<IModelFormat> formats) : IModelInspector
{
    /// <summary>How many leading bytes <see cref="IModelFormat.Matches"/> sees.</summary>
    public const int HeaderLength = 16;

    private readonly IModelFormat[] _formats = [.. formats];

    /// <inheritdoc />
    public InspectedModel Inspect(Stream artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var seekable = artifact.CanSeek ? artifact : Buffer(artifact);
        var start = seekable.Position;
        Span<byte> header = stackalloc byte[HeaderLength];
        var length = seekable.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false);
        seekable.Position = start;
        if (length == 0)
        {
            throw new InvalidModelException("Unknown model format: the artifact is empty.");
        }

        foreach (var format in _formats)
        {
            if (format.Matches(header[..length]))
            {
                return new InspectedModel(format.Name, format.Inspect(seekable));
            }
        }

        var known = string.Join(", ", _formats.Select(f => f.Name));
        throw new InvalidModelException(
            $"Unknown model format: the artifact is not an ONNX model or an ML.NET model zip (known formats: {known}).");
    }

    private static MemoryStream Buffer(Stream artifact)
    {
        var buffer = new MemoryStream();
        artifact.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }
}
