using System.Globalization;

namespace Modelplane.Serving.Monitoring.Profiles;

/// <summary>One column of profiling data: its values as numbers, and as text when it held any text that is not a number.</summary>
public sealed class ProfileColumn
{
    internal ProfileColumn(string name, double[] numbers, string?[]? texts)
    {
        Name = name;
        Numbers = numbers;
        Texts = texts;
    }

    /// <summary>The column's header.</summary>
    public string Name { get; }

    /// <summary>One value per row; NaN where the cell was empty, NaN, ±Infinity or not a number.</summary>
    public IReadOnlyList<double> Numbers { get; }

    /// <summary>The cells as text, when at least one present cell was not a number; else null (see <see cref="Text"/>).</summary>
    public IReadOnlyList<string?>? Texts { get; }

    /// <summary>Rows in the column.</summary>
    public int Count => Numbers.Count;

    /// <summary>
    /// The cell as a category: its text, or for a number column the number in invariant round-trip form (so a 0/1
    /// column reads "0" and "1", as boolean and integer outputs do); null when the cell is missing.
    /// </summary>
    public string? Text(int row) =>
        Texts is { } texts ? texts[row]
        : double.IsNaN(Numbers[row]) ? null
        : Numbers[row].ToString("R", CultureInfo.InvariantCulture);
}
