using System.Globalization;
using System.Text.Json;

namespace Modelplane.Cli.Demo;

/// <summary>What the demo knows about one bundled model from the files next to it; every part is optional.</summary>
/// <param name="Name">The model and endpoint name: the .onnx file name without extension.</param>
/// <param name="OnnxPath">The artifact.</param>
/// <param name="Description">From <c>NAME.model.json</c> <c>description</c>.</param>
/// <param name="Tags">From <c>NAME.model.json</c> <c>tags</c> (string values; others are written as JSON text).</param>
/// <param name="Metrics">From <c>NAME.model.json</c> <c>metrics</c> (numeric values only).</param>
/// <param name="SampleRow">The first held-out row from <c>NAME.samples.json</c>, or null.</param>
/// <param name="Training">The training data named by <c>NAME.samples.json</c> (<c>dataset</c>, <c>featureNames</c>), for the reference profile; null without.</param>
internal sealed record DemoModelFiles(
    string Name,
    string OnnxPath,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> Metrics,
    JsonElement[]? SampleRow,
    DemoTrainingData? Training = null)
{
    /// <summary>Reads every <c>*.onnx</c> in <paramref name="directory"/> with its optional JSON companions, sorted by name.</summary>
    /// <param name="directory">The samples folder.</param>
    /// <param name="warn">Receives a message for each companion file that exists but cannot be read.</param>
    public static IReadOnlyList<DemoModelFiles> Discover(string directory, Action<string> warn)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        return Directory.EnumerateFiles(directory, "*.onnx")
            .Order(StringComparer.Ordinal)
            .Select(path => Read(path, warn))
            .ToList();
    }

    private static DemoModelFiles Read(string onnxPath, Action<string> warn)
    {
        var name = Path.GetFileNameWithoutExtension(onnxPath);
        var directory = Path.GetDirectoryName(onnxPath)!;
        var manifest = TryParse(Path.Combine(directory, $"{name}.model.json"), warn);
        var samples = TryParse(Path.Combine(directory, $"{name}.samples.json"), warn);

        string? description = null;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (manifest is { ValueKind: JsonValueKind.Object } m)
        {
            if (m.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String)
            {
                description = d.GetString();
            }

            foreach (var tag in Properties(m, "tags"))
            {
                tags[tag.Name] = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString()! : tag.Value.GetRawText();
            }

            foreach (var metric in Properties(m, "metrics").Where(p => p.Value.ValueKind == JsonValueKind.Number))
            {
                metrics[metric.Name] = metric.Value.GetDouble();
            }
        }

        var row = samples is { } s ? SampleRows.FirstRow(s) : null;
        return new DemoModelFiles(name, onnxPath, description, tags, metrics, row, samples is { } found ? DemoTrainingData.From(found, directory) : null);
    }

    private static JsonProperty[] Properties(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value.EnumerateObject().ToArray() : [];

    private static JsonElement? TryParse(string path, Action<string> warn)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            warn(string.Create(CultureInfo.InvariantCulture, $"Ignoring {Path.GetFileName(path)}: {ex.Message}"));
            return null;
        }
    }
}
