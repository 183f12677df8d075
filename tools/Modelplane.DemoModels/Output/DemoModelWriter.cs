using System.Text.Encodings.Web;
using System.Text.Json;

namespace Modelplane.DemoModels.Output;

/// <summary>Writes <c>&lt;name&gt;.onnx</c>, <c>&lt;name&gt;.samples.json</c> and <c>&lt;name&gt;.model.json</c>.</summary>
internal static class DemoModelWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // The files are read by people too: keep "+" and "'" literal. They are never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IReadOnlyList<string> Write(DemoModel model, string modelsDirectory)
    {
        Directory.CreateDirectory(modelsDirectory);
        var onnx = Path.Combine(modelsDirectory, model.Name + ".onnx");
        var samples = Path.Combine(modelsDirectory, model.Name + ".samples.json");
        var card = Path.Combine(modelsDirectory, model.Name + ".model.json");

        File.WriteAllBytes(onnx, model.Onnx);
        WriteJson(samples, model.Samples);
        WriteJson(card, model.Card);
        return [onnx, samples, card];
    }

    private static void WriteJson(string path, object value)
    {
        // Serialize by runtime type: Samples is a generic record held as object.
        var text = JsonSerializer.Serialize(value, value.GetType(), Json);
        File.WriteAllText(path, text + "\n");
    }
}
