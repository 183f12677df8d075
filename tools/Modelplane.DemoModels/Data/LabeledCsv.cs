using System.Globalization;

namespace Modelplane.DemoModels.Data;

/// <summary>
/// A data set in the sklearn bundled-CSV format: the first line is
/// <c>n_rows,n_features,class_name_0,...</c> (not a header), then one row per line with the
/// features followed by the 0-based class index.
/// </summary>
internal sealed record LabeledCsv(IReadOnlyList<string> ClassNames, IReadOnlyList<LabeledRow> Rows)
{
    public int FeatureCount => Rows[0].Features.Length;

    public static LabeledCsv Load(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var head = lines[0].Split(',');
        var rowCount = int.Parse(head[0], CultureInfo.InvariantCulture);
        var featureCount = int.Parse(head[1], CultureInfo.InvariantCulture);
        var classNames = head[2..];

        var rows = lines[1..].Select(line => ParseRow(line, featureCount)).ToArray();
        if (rows.Length != rowCount)
        {
            throw new InvalidDataException($"{path}: the first line promises {rowCount} rows, the file has {rows.Length}.");
        }

        return new LabeledCsv(classNames, rows);
    }

    /// <summary>
    /// Splits the rows deterministically: every <paramref name="every"/>-th row (0, n, 2n, ...) is held out.
    /// </summary>
    /// <remarks>
    /// A stride rather than a seeded shuffle keeps the held-out set obvious to a reader of the CSV,
    /// and both bundled files are sorted or grouped in ways a stride samples evenly (iris: 10 per class).
    /// </remarks>
    public (LabeledRow[] Train, LabeledRow[] Test) Split(int every)
    {
        var train = Rows.Where((_, i) => i % every != 0).ToArray();
        var test = Rows.Where((_, i) => i % every == 0).ToArray();
        return (train, test);
    }

    private static LabeledRow ParseRow(string line, int featureCount)
    {
        var cells = line.Split(',');
        var features = new float[featureCount];
        for (var i = 0; i < featureCount; i++)
        {
            features[i] = float.Parse(cells[i], CultureInfo.InvariantCulture);
        }

        return new LabeledRow(features, int.Parse(cells[featureCount], CultureInfo.InvariantCulture));
    }
}

/// <summary>One example: its features and its 0-based class index.</summary>
internal sealed record LabeledRow(float[] Features, int Label);
