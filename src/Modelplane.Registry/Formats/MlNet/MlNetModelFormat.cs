using Microsoft.ML;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Formats.MlNet;

/// <summary>An ML.NET model zip: checked as a zip, loaded with ML.NET, signature read from its schemas.</summary>
internal sealed class MlNetModelFormat : IModelFormat
{
    public string Name => ModelFormatNames.MlNet;

    // A zip's local file header; ML.NET writes nothing before it.
    public bool Matches(ReadOnlySpan<byte> header) => header.StartsWith("PK\x03\x04"u8);

    public ModelSignature Inspect(Stream artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        var start = artifact.Position;
        MlNetZipCheck.Check(artifact);
        artifact.Position = start;

        var ml = new MLContext(seed: 0);
        ITransformer model;
        DataViewSchema? inputSchema;
        try
        {
            model = ml.Model.Load(artifact, out inputSchema);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or InvalidDataException or IOException
            or ArgumentException or NotSupportedException or KeyNotFoundException)
        {
            throw MlNetZipCheck.Refuse($"ML.NET could not load it ({ex.Message})");
        }

        if (inputSchema is null || inputSchema.Count == 0)
        {
            throw MlNetZipCheck.Refuse("it was saved without an input schema (use mlContext.Model.Save(model, inputSchema, stream))");
        }

        return MlNetSignatureReader.Read(model, inputSchema);
    }
}
