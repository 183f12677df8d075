using System.Text.Json;

namespace Modelplane.Serving.Tests.DemoModels;

/// <summary>Reads the checked-in demo models and their <c>.samples.json</c> files from the test output.</summary>
internal static class DemoSamples
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ModelPath(string name) => Path.Combine(AppContext.BaseDirectory, "samples", "models", name + ".onnx");

    public static string DataPath(string file) => Path.Combine(AppContext.BaseDirectory, "samples", "data", file);

    public static SamplesFile<T> Load<T>(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", "models", name + ".samples.json");
        return JsonSerializer.Deserialize<SamplesFile<T>>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>The data rows of a bundled CSV (its first line is a size line, not a header), features only.</summary>
    public static float[][] CsvFeatures(string file) =>
        [.. File.ReadLines(DataPath(file)).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',')[..^1].Select(c => float.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray())];
}

internal sealed record SamplesFile<T>(
    string Model,
    string Task,
    string Input,
    string[] Outputs,
    string[] FeatureNames,
    string[] ClassNames,
    Dictionary<string, double> Metrics,
    T[] Rows);

internal sealed record BinarySample(float[] Features, int Label, int PredictedLabel, float Probability, float Score);

internal sealed record MulticlassSample(float[] Features, int Label, int PredictedLabel, float[] Probabilities);
