using System.Globalization;

namespace Modelplane.Serving.Monitoring.Profiles;

/// <summary>
/// Collects rows into columns, keeping a deterministic sample once there are more than the cap: reservoir sampling
/// (Algorithm R) with a fixed seed, so the same file always gives the same sample and the same profile.
/// </summary>
internal sealed class ProfileTableBuilder
{
    private const int Seed = 20_260_101;

    private readonly string[] _names;
    private readonly List<double>[] _numbers;
    private readonly List<string?>?[] _texts;
    private readonly int _cap;
    private readonly Random _random = new(Seed);

    public ProfileTableBuilder(IReadOnlyList<string> names, int cap)
    {
        _names = [.. names];
        _cap = cap;
        _numbers = [.. names.Select(_ => new List<double>())];
        _texts = new List<string?>?[names.Count];
    }

    public int ColumnCount => _names.Length;

    /// <summary>Rows offered so far.</summary>
    public long Seen { get; private set; }

    /// <summary>Offers the next row: returns the slot to write its cells to, or -1 when the sample skips it.</summary>
    public int NextRow()
    {
        Seen++;
        var kept = _numbers.Length == 0 ? 0 : _numbers[0].Count;
        if (kept < _cap)
        {
            foreach (var column in _numbers)
            {
                column.Add(double.NaN);
            }

            foreach (var texts in _texts)
            {
                texts?.Add(null);
            }

            return kept;
        }

        var slot = _random.NextInt64(Seen);
        return slot < _cap ? (int)slot : -1;
    }

    /// <summary>Stores a cell given as text: a number where it parses as one, else text (empty text is missing).</summary>
    public void SetText(int row, int column, string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            SetNumber(row, column, double.NaN);
            return;
        }

        if (ParseNumber(trimmed) is { } number)
        {
            SetNumber(row, column, number);
            return;
        }

        _numbers[column][row] = double.NaN;
        Texts(column)[row] = trimmed;
    }

    /// <summary>Stores a number cell; NaN and ±Infinity count as missing.</summary>
    public void SetNumber(int row, int column, double value)
    {
        value = double.IsFinite(value) ? value : double.NaN;
        _numbers[column][row] = value;
        if (_texts[column] is { } texts)
        {
            texts[row] = double.IsNaN(value) ? null : value.ToString("R", CultureInfo.InvariantCulture);
        }
    }

    public ProfileTable Build(string digest, string format) => new(
        [.. _names.Select((name, c) => new ProfileColumn(name, [.. _numbers[c]], _texts[c]?.ToArray()))],
        _numbers.Length == 0 ? 0 : _numbers[0].Count,
        Seen,
        digest,
        format);

    /// <summary>
    /// An invariant-culture number; NaN for the spellings of not-a-number and infinity (NaN, nan, inf, Infinity, …), which
    /// are missing values of a numeric column, not text; null for anything else.
    /// </summary>
    internal static double? ParseNumber(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return double.IsFinite(value) ? value : double.NaN;
        }

        var bare = text.TrimStart('+', '-');
        return bare.Equals("nan", StringComparison.OrdinalIgnoreCase) || bare.Equals("inf", StringComparison.OrdinalIgnoreCase)
            || bare.Equals("infinity", StringComparison.OrdinalIgnoreCase)
            ? double.NaN
            : null;
    }

    // The first text cell of a column keeps its earlier cells as text too, so a mixed column reads the same either way.
    private List<string?> Texts(int column)
    {
        if (_texts[column] is { } texts)
        {
            return texts;
        }

        texts = [.. _numbers[column].Select(n => double.IsNaN(n) ? null : n.ToString("R", CultureInfo.InvariantCulture))];
        _texts[column] = texts;
        return texts;
    }
}
