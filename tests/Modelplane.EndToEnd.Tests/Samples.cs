using System.Text.Json.Nodes;

namespace Modelplane.EndToEnd.Tests;

/// <summary>The bundled demo models and the held-out rows with ML.NET's recorded predictions.</summary>
internal static class Samples
{
    public static readonly string Models = Path.Combine(AppContext.BaseDirectory, "samples", "models");

    public static string BreastCancerOnnx => Path.Combine(Models, "breast-cancer.onnx");

    public static JsonArray BreastCancerRows() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Models, "breast-cancer.samples.json")))!["rows"]!.AsArray();
}
