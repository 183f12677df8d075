using System.Text.Encodings.Web;
using System.Text.Json;

namespace Modelplane.DemoModels.Output;

/// <summary>Writes <c>&lt;name&gt;.onnx</c>, <c>&lt;name&gt;.samples.json</c>, <c>&lt;name&gt;.model.json</c> and, if any, the ML.NET zip.</summary>
internal static class DemoModelWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // The files are read by people too: keep "+" and "'" literal. They are never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <remarks>
    /// The ML.NET zip goes to <paramref name="mlnetDirectory"/>, not next to the ONNX file: the demo registers every
    /// <c>*.onnx</c> in the models folder, and the zip is the same model in a second format.
    /// </remarks>
    public static IReadOnlyList<string> Write(DemoModel model, string modelsDirectory, string mlnetDirectory)
    {
        Directory.CreateDirectory(modelsDirectory);
        var onnx = Path.Combine(modelsDirectory, model.Name + ".onnx");
        var samples = Path.Combine(modelsDirectory, model.Name + ".samples.json");
        var card = Path.Combine(modelsDirectory, model.Name + ".model.json");

        File.WriteAllBytes(onnx, model.Onnx);
        WriteJson(samples, model.Samples);
        WriteJson(card, model.Card);
        if (model.MlNetZip is null)
        {
            return [onnx, samples, card];
        }

        Directory.CreateDirectory(mlnetDirectory);
        var zip = Path.Combine(mlnetDirectory, model.Name + ".zip");
        File.WriteAllBytes(zip, model.MlNetZip);
        return [onnx, samples, card, zip];
    }

    private static void WriteJson(string path, object value)
    {
        // Serialize by runtime type: Samples is a generic record held as object.
        var text = JsonSerializer.Serialize(value, value.GetType(), Json);
        File.WriteAllText(path, text + "\n");
    }
}
