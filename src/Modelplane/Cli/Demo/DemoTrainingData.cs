using System.Text;
using System.Text.Json;

namespace Modelplane.Cli.Demo;

/// <summary>
/// A bundled model's training rows, for its reference profile: the dataset CSV its samples file names (a size line,
/// then rows of features and the label) without the held-out every 5th row, under the feature names.
/// </summary>
/// <param name="DatasetPath">The CSV.</param>
/// <param name="FeatureNames">The model's feature names, in column order.</param>
internal sealed record DemoTrainingData(string DatasetPath, IReadOnlyList<string> FeatureNames)
{
    /// <summary>The label column's name in <see cref="ToCsv"/>.</summary>
    public const string LabelColumn = "label";

    /// <summary>The training data a samples file describes, or null when it names none that exists.</summary>
    public static DemoTrainingData? From(JsonElement samples, string modelsDirectory)
    {
        if (samples.ValueKind != JsonValueKind.Object
            || !samples.TryGetProperty("dataset", out var dataset) || dataset.ValueKind != JsonValueKind.String
            || !samples.TryGetProperty("featureNames", out var names) || names.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        // The dataset is named from the repository's root ("samples/data/…"); the models folder is "samples/models".
        var path = Path.GetFullPath(Path.Combine(modelsDirectory, "..", "..", dataset.GetString()!));
        var features = names.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!).ToList();
        return File.Exists(path) && features.Count > 0 ? new DemoTrainingData(path, features) : null;
    }

    /// <summary>The training rows as a CSV with a header: the features, then <see cref="LabelColumn"/>.</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder().AppendJoin(',', FeatureNames).Append(',').Append(LabelColumn).Append('\n');
        var rows = File.ReadLines(DatasetPath).Skip(1).Where(l => l.Length > 0);
        foreach (var row in rows.Where((_, i) => i % 5 != 0))
        {
            csv.Append(row).Append('\n');
        }

        return csv.ToString();
    }
}
