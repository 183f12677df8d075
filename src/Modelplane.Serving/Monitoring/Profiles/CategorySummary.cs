using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring.Profiles;

/// <summary>The reference profile of one categorical column: its most frequent categories and the rest as Other.</summary>
internal static class CategorySummary
{
    /// <summary>Profiles <paramref name="values"/> (null is missing), keeping the <see cref="CategoricalProfile.MaxCategories"/>
    /// most frequent categories, ties broken by ordinal name order.</summary>
    public static FeatureProfile Profile(string name, IReadOnlyList<string?> values)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long missing = 0;
        foreach (var value in values)
        {
            if (value is null)
            {
                missing++;
            }
            else
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }

        var top = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(CategoricalProfile.MaxCategories).ToList();
        var present = values.Count - missing;
        var categorical = new CategoricalProfile([.. top.Select(p => p.Key)], [.. top.Select(p => p.Value)], present - top.Sum(p => p.Value));
        return new FeatureProfile(name, FeatureKind.Categorical, values.Count, missing) { Categorical = categorical };
    }

    /// <summary>
    /// A category as monitoring names it: booleans as <c>1</c> and <c>0</c> (as a boolean tensor reads), other text as it is;
    /// null for a missing value.
    /// </summary>
    public static string? Normalize(string? text) =>
        text is null ? null
        : text.Equals("true", StringComparison.OrdinalIgnoreCase) ? "1"
        : text.Equals("false", StringComparison.OrdinalIgnoreCase) ? "0"
        : text;
}
