using Modelplane.Registry.Onnx.Schema;

namespace Modelplane.Registry.Onnx;

/// <summary>Refuses models whose tensors live in files next to the model rather than inside it.</summary>
/// <remarks>
/// Modelplane stores one content-addressed blob per version, so a side file would never be there
/// at serving time; and letting ONNX Runtime follow a relative path from an uploaded model would
/// let an upload read files from the server.
/// </remarks>
internal static class ExternalDataRule
{
    private const string LocationKey = "location";

    public static void Check(OnnxModelContents contents)
    {
        foreach (var tensor in contents.Tensors)
        {
            if (tensor.DataLocation == TensorProto.Types.DataLocation.Default && tensor.ExternalData.Count == 0)
            {
                continue;
            }

            var name = OnnxText.Quote(tensor.Name, "unnamed");
            var location = tensor.ExternalData.FirstOrDefault(e => e.Key == LocationKey)?.Value;
            throw new InvalidModelException(string.IsNullOrEmpty(location)
                ? $"The model refers to external data (tensor {name}) without naming a file; Modelplane only serves self-contained ONNX files."
                : $"The model refers to external data file {OnnxText.Quote(location)} (tensor {name}); Modelplane only serves self-contained ONNX files.");
        }
    }
}
