using System.Globalization;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring.Windows;

/// <summary>
/// One profiled value of a row, compiled for the hot path: where to read it, and the reference's bins or categories
/// to count it into.
/// </summary>
internal sealed class MonitoredValue
{
    private MonitoredValue(FeatureSlot slot, double[] edges, string[] categories)
    {
        Slot = slot;
        Edges = edges;
        Categories = categories;
        var lookup = new Dictionary<string, int>(categories.Length, StringComparer.Ordinal);
        var numbers = new Dictionary<long, int>(categories.Length);
        for (var i = 0; i < categories.Length; i++)
        {
            lookup.TryAdd(categories[i], i);
            if (CategoryNumber(categories[i]) is { } number)
            {
                numbers.TryAdd(number, i);
            }
        }

        TextCategories = lookup.GetAlternateLookup<ReadOnlySpan<char>>();
        NumberCategories = numbers;
    }

    public FeatureSlot Slot { get; }

    public bool IsNumeric => Slot.Kind == FeatureKind.Numeric;

    /// <summary>The reference's inner histogram edges (numeric).</summary>
    public double[] Edges { get; }

    /// <summary>Bins of a numeric value: one more than the edges.</summary>
    public int Bins => Edges.Length + 1;

    /// <summary>The reference's categories (categorical); a value not among them counts as other.</summary>
    public string[] Categories { get; }

    /// <summary>Category slots: the named ones and other.</summary>
    public int CategorySlots => Categories.Length + 1;

    public Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> TextCategories { get; }

    /// <summary>Categories that are whole numbers (class labels, booleans as 0 and 1), by value.</summary>
    public Dictionary<long, int> NumberCategories { get; }

    /// <summary>Compiles a slot against the reference's profile of the same feature.</summary>
    /// <exception cref="ArgumentException">The reference profiles the feature as another kind.</exception>
    public static MonitoredValue Compile(FeatureSlot slot, FeatureProfile reference)
    {
        if (reference.Kind != slot.Kind || !string.Equals(reference.Name, slot.Name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The reference profiles '{reference.Name}' ({reference.Kind}) where the model has '{slot.Name}' ({slot.Kind}).", nameof(reference));
        }

        return slot.Kind == FeatureKind.Numeric
            ? new MonitoredValue(slot, [.. reference.Numeric?.Edges ?? []], [])
            : new MonitoredValue(slot, [], [.. reference.Categorical?.Categories ?? []]);
    }

    private static long? CategoryNumber(string category) => category switch
    {
        "true" or "True" => 1,
        "false" or "False" => 0,
        _ => long.TryParse(category, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null,
    };
}
