namespace Modelplane.Registry.Tracking.Search;

/// <summary>
/// A parsed filter in MLflow's search syntax: comparisons joined by <c>AND</c>, such as
/// <c>metrics.auc &gt; 0.9 and params.model = 'lr' and tags."team" LIKE 'risk%'</c>. Backends translate the
/// comparisons to parameterised queries; values never become query text.
/// </summary>
public sealed record SearchFilter(IReadOnlyList<SearchComparison> Comparisons)
{
    /// <summary>A filter that matches everything.</summary>
    public static SearchFilter Empty { get; } = new([]);

    /// <summary>Parses a filter; <see langword="null"/> or blank text is <see cref="Empty"/>.</summary>
    /// <exception cref="SearchFilterException">The text is malformed; the message names the position.</exception>
    public static SearchFilter Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? Empty : new SearchParser(text, "filter").ParseFilter();
}
