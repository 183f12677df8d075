using Microsoft.ML;

namespace Modelplane.DemoModels.Training;

/// <summary>Saves a fitted ML.NET pipeline as the zip that <c>mlContext.Model.Load</c> reads.</summary>
internal static class MlNetExport
{
    /// <remarks>
    /// The input schema saved with the model is Features only (as for the ONNX export), so the registry's signature
    /// lists what a caller sends and not the Label the pipeline was trained with.
    /// </remarks>
    public static byte[] ToZip(MLContext ml, ITransformer model, DataViewSchema featuresOnly)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, featuresOnly, stream);
        return stream.ToArray();
    }
}
