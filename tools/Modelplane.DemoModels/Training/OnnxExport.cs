using Microsoft.ML;

namespace Modelplane.DemoModels.Training;

/// <summary>Exports a fitted ML.NET pipeline to ONNX with <c>Features</c> as its only input.</summary>
internal static class OnnxExport
{
    /// <summary>The ONNX input name of every demo model.</summary>
    public const string Input = "Features";

    /// <remarks>
    /// The converter exports every column of the view it is given as a graph input, and a graph
    /// that declares Label fails in ONNX Runtime when Label is not fed (TOOLCHAIN.md §2). Exporting
    /// from a Features-only view and naming the outputs keeps the signature to what a caller sends.
    /// </remarks>
    public static byte[] ToOnnx(MLContext ml, ITransformer model, IDataView featuresOnly, params string[] outputColumns)
    {
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model, featuresOnly, stream, outputColumns);
        return stream.ToArray();
    }

    /// <summary>The graph output name the converter gives a data view column.</summary>
    public static string OutputName(string column) => column + ".output";
}
