namespace Modelplane.Registry.Monitoring;

/// <summary>
/// The distribution of a model's features and outputs over a set of rows: the reference a version was trained on, or
/// one window of its live traffic. Live windows use the reference's histogram edges and categories, so the two line
/// up bin for bin.
/// </summary>
/// <param name="Rows">How many rows the profile saw.</param>
/// <param name="Features">One profile per feature, in the order of the model's signature (see <see cref="FeatureProfile"/>).</param>
/// <param name="Outputs">One profile per profiled model output (a label, a score, a class probability).</param>
public sealed record DataProfile(long Rows, IReadOnlyList<FeatureProfile> Features, IReadOnlyList<FeatureProfile> Outputs)
{
    /// <summary>
    /// Sums of calibrated predicted probabilities over the rows, from which a window's quality is estimated before its
    /// labels arrive; null when the model returns no class probabilities.
    /// </summary>
    public ConfidenceSums? Confidence { get; init; }
}

/// <summary>Whether a feature is a number or a category.</summary>
public enum FeatureKind
{
    /// <summary>A number: profiled by a histogram over fixed edges.</summary>
    Numeric,

    /// <summary>A category (text, a boolean, a class label): profiled by frequencies.</summary>
    Categorical,
}

/// <summary>The distribution of one feature or output.</summary>
/// <param name="Name">The feature's name: the input's name, or the profiling data's column header for a column of a
/// single 2-D input (else <c>features[0]</c>, <c>features[1]</c>, …); for outputs the output's name, with <c>[j]</c> for
/// column j of a multi-column output.</param>
/// <param name="Kind">Numeric or categorical; exactly one of <see cref="Numeric"/> and <see cref="Categorical"/> is set.</param>
/// <param name="Count">Rows seen, missing ones included.</param>
/// <param name="Missing">Rows without a usable value: empty, NaN or ±Infinity.</param>
public sealed record FeatureProfile(string Name, FeatureKind Kind, long Count, long Missing)
{
    /// <summary>The histogram and moments of a numeric feature.</summary>
    public NumericProfile? Numeric { get; init; }

    /// <summary>The frequencies of a categorical feature.</summary>
    public CategoricalProfile? Categorical { get; init; }

    /// <summary>Missing rows as a share of all rows; 0 when no row was seen.</summary>
    public double MissingRate => Count == 0 ? 0 : (double)Missing / Count;
}

/// <summary>
/// A histogram of the present values over fixed edges, with moments. With edges e₀ &lt; … &lt; eₖ₋₁ there are k + 1
/// bins: bin 0 is (−∞, e₀), bin i is [eᵢ₋₁, eᵢ), bin k is [eₖ₋₁, +∞) — a value's bin is the number of edges at or
/// below it (NumPy's <c>searchsorted(edges, v, side="right")</c>).
/// </summary>
/// <param name="Edges">Strictly increasing inner edges: the reference's deciles, duplicates dropped (a constant feature has one edge).</param>
/// <param name="Counts">Values per bin; <c>Edges.Count + 1</c> entries summing to <c>Count − Missing</c>.</param>
/// <param name="Sums">The sum of the values in each bin, so a bin's mean places its mass for the Wasserstein distance.</param>
/// <param name="Mean">Mean of the present values; 0 when there are none.</param>
/// <param name="StdDev">Population standard deviation of the present values; 0 when there are none.</param>
/// <param name="Min">Smallest present value; NaN when there are none.</param>
/// <param name="Max">Largest present value; NaN when there are none.</param>
public sealed record NumericProfile(
    IReadOnlyList<double> Edges, IReadOnlyList<long> Counts, IReadOnlyList<double> Sums, double Mean, double StdDev, double Min, double Max)
{
    /// <summary>The reference's quantile sketch: the values at 0 %, 1 %, …, 100 % (101 entries); null for live windows.</summary>
    public IReadOnlyList<double>? Quantiles { get; init; }
}

/// <summary>Frequencies of a categorical feature over the reference's categories.</summary>
/// <param name="Categories">The reference's most frequent categories (at most <see cref="MaxCategories"/>), most frequent first.</param>
/// <param name="Counts">Rows per category, aligned with <see cref="Categories"/>.</param>
/// <param name="Other">Present rows whose category is not among <see cref="Categories"/>.</param>
public sealed record CategoricalProfile(IReadOnlyList<string> Categories, IReadOnlyList<long> Counts, long Other)
{
    /// <summary>Most categories a profile names; rarer ones count as <see cref="Other"/>.</summary>
    public const int MaxCategories = 50;
}

/// <summary>
/// Confidence-based performance estimation (as NannyML's CBPE): per row the calibrated probability p that the
/// prediction is right (binary: that the class is positive) is summed, so expected accuracy and expected
/// TP/FP/FN come out without labels.
/// </summary>
/// <param name="Rows">Rows with a usable probability.</param>
/// <param name="ExpectedCorrect">Σ calibrated probability of the predicted class: expected correct predictions.</param>
/// <param name="ExpectedTruePositives">Binary: Σ p over rows predicted positive.</param>
/// <param name="ExpectedFalsePositives">Binary: Σ (1 − p) over rows predicted positive.</param>
/// <param name="ExpectedFalseNegatives">Binary: Σ p over rows predicted negative.</param>
public sealed record ConfidenceSums(long Rows, double ExpectedCorrect, double ExpectedTruePositives, double ExpectedFalsePositives, double ExpectedFalseNegatives);
