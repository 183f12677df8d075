using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Storage.Sqlite.Search;

/// <summary>
/// One sort of versions, always ending in the version key so the order is total and a keyset cursor
/// (the last row's sort values) finds the next page without OFFSET.
/// </summary>
/// <param name="Kind">created, name, version or metric.</param>
/// <param name="MetricKey">The metric for <c>metrics.KEY</c>.</param>
internal sealed record VersionOrder(string Kind, string? MetricKey, bool Descending)
{
    public static VersionOrder Default { get; } = new("created", null, true);

    /// <summary>Names the order inside page tokens, so a token is refused under a different order.</summary>
    public string Signature => $"{Kind}:{MetricKey}:{(Descending ? "desc" : "asc")}";

    private string Direction => Descending ? "DESC" : "ASC";

    private string After => Descending ? "<" : ">";

    public static VersionOrder Parse(string? clause)
    {
        if (string.IsNullOrWhiteSpace(clause))
        {
            return Default;
        }

        var order = SearchOrder.Parse(clause);
        var id = order.Identifier;
        return id switch
        {
            { Entity: SearchEntity.Metric } => new VersionOrder("metric", id.Key, order.Descending),
            { Entity: SearchEntity.Attribute, Key: "created" or "name" or "version" } => new VersionOrder(id.Key, null, order.Descending),
            _ => throw new SearchFilterException(
                $"Invalid order_by clause '{clause}': versions are ordered by created, name, version or metrics.KEY at position {id.Position}.",
                id.Position),
        };
    }

    /// <summary>The join that brings the sorted metric in as <c>om.value</c>; empty for other orders.</summary>
    public string Join(Func<object, string> parameter) => Kind == "metric"
        ? $"LEFT JOIN model_version_metrics om ON om.model = owner.model AND om.version = owner.version AND om.key = {parameter(MetricKey!)}"
        : "";

    /// <summary>The value a cursor keeps besides the key; null for orders by the key alone.</summary>
    public string ValueColumn => Kind switch
    {
        "created" => "owner.created_at",
        "version" => "owner.version",
        "metric" => "om.value",
        _ => "NULL",
    };

    // Versions without the metric sort last in both directions, as in MLflow.
    public string OrderBy => Kind switch
    {
        "created" => $"owner.created_at {Direction}, owner.model {Direction}, owner.version {Direction}",
        "version" => $"owner.version {Direction}, owner.model {Direction}",
        "metric" => $"om.value IS NULL, om.value {Direction}, owner.model {Direction}, owner.version {Direction}",
        _ => $"owner.model {Direction}, owner.version {Direction}",
    };

    /// <summary>A metric order over the versions that have the metric, walked from its (key, value, model, version) index.</summary>
    public string WithMetricOrderBy => $"om.value {Direction}, om.model {Direction}, om.version {Direction}";

    /// <summary>A metric order over the versions without the metric (they come last), walked from the primary key.</summary>
    public string WithoutMetricOrderBy => $"owner.model {Direction}, owner.version {Direction}";

    /// <summary>After a cursor that has a metric value, among the versions that have the metric.</summary>
    public string WithMetricKeyset(VersionCursor cursor, Func<object, string> p) =>
        $"(om.value, om.model, om.version) {After} ({p(cursor.Value!)}, {p(cursor.Model)}, {p(cursor.Version)})";

    /// <summary>After a cursor without a metric value, among the versions without the metric.</summary>
    public string WithoutMetricKeyset(VersionCursor cursor, Func<object, string> p) =>
        $"(owner.model, owner.version) {After} ({p(cursor.Model)}, {p(cursor.Version)})";

    /// <summary>The condition that keeps only rows after the cursor in this order.</summary>
    public string Keyset(VersionCursor cursor, Func<object, string> p)
    {
        var model = p(cursor.Model);
        var version = p(cursor.Version);
        return Kind switch
        {
            "created" => $"(owner.created_at, owner.model, owner.version) {After} ({p(cursor.Value!)}, {model}, {version})",
            "version" => $"(owner.version, owner.model) {After} ({version}, {model})",
            "metric" when cursor.Value is { } value =>
                $"(om.value IS NULL OR (om.value, owner.model, owner.version) {After} ({p(value)}, {model}, {version}))",
            "metric" => $"(om.value IS NULL AND (owner.model, owner.version) {After} ({model}, {version}))",
            _ => $"(owner.model, owner.version) {After} ({model}, {version})",
        };
    }
}
