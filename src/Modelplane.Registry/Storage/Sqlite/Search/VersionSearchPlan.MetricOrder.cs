using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Storage.Sqlite.Tracking;
using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Storage.Sqlite.Search;

// Ordered by a metric, a page is read in two parts instead of sorting every version: first the versions that have
// the metric, walking its (key, value, model, version) index in the order's direction; then, once those run out, the
// versions without it (MLflow puts them last in both directions), walking the primary key. A cursor with no value
// lies in the second part.
internal sealed partial class VersionSearchPlan
{
    private async Task<List<VersionKey>> MetricOrderedPageAsync(
        SqliteConnection connection, VersionOrder order, VersionCursor? cursor, int limit, CancellationToken ct)
    {
        var keys = new List<VersionKey>(limit);
        if (cursor is null || cursor.Value is not null)
        {
            var t = VersionFilter.Translator(_text, probeOwnerKey: true, SideTableMatch.Exists);
            var keyset = cursor is null ? "" : "AND " + order.WithMetricKeyset(cursor, t.Parameter);
            var sql = $"""
                SELECT owner.model AS Model, owner.version AS Version, om.value AS Value
                FROM model_version_metrics om CROSS JOIN model_versions owner ON owner.model = om.model AND owner.version = om.version
                WHERE om.key = {t.Parameter(order.MetricKey!)} AND owner.deleted_at IS NULL AND {t.Where(_filter)} {keyset}
                ORDER BY {order.WithMetricOrderBy} LIMIT {t.Parameter(limit)}
                """;
            keys.AddRange(await connection.QueryAsync<VersionKey>(new CommandDefinition(sql, t.Parameters, cancellationToken: ct)));
        }

        if (keys.Count < limit && await SomeVersionsLackAsync(connection, order.MetricKey!, ct))
        {
            var t = VersionFilter.Translator(_text, probeOwnerKey: true, SideTableMatch.Exists);
            var keyset = cursor is { Value: null } ? "AND " + order.WithoutMetricKeyset(cursor, t.Parameter) : "";
            var sql = $"""
                SELECT owner.model AS Model, owner.version AS Version, NULL AS Value FROM model_versions owner
                WHERE NOT EXISTS (SELECT 1 FROM model_version_metrics om
                                  WHERE om.model = owner.model AND om.version = owner.version AND om.key = {t.Parameter(order.MetricKey!)})
                  AND owner.deleted_at IS NULL AND {t.Where(_filter)} {keyset}
                ORDER BY {order.WithoutMetricOrderBy} LIMIT {t.Parameter(limit - keys.Count)}
                """;
            keys.AddRange(await connection.QueryAsync<VersionKey>(new CommandDefinition(sql, t.Parameters, cancellationToken: ct)));
        }

        return keys;
    }

    // The second part would otherwise walk every version to find none: a filter on the same metric already requires
    // it, and when every version has the metric the counts say so from the indexes.
    private async Task<bool> SomeVersionsLackAsync(SqliteConnection connection, string key, CancellationToken ct)
    {
        if (_filter.Comparisons.Any(c => c.Identifier is { Entity: SearchEntity.Metric } id && id.Key == key))
        {
            return false;
        }

        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT (SELECT COUNT(*) FROM model_versions) - (SELECT COUNT(*) FROM model_version_metrics WHERE key = @key)",
            new { key }, cancellationToken: ct)) > 0;
    }
}
