using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models.Search;
using Modelplane.Registry.Storage.Sqlite.Tracking;
using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Storage.Sqlite.Search;

/// <summary>
/// How one version search reads SQLite. Each tags./metrics./params. comparison is first counted straight from its
/// (key, value) index (well under a millisecond per 10,000 matches); the smallest count then picks the page's shape:
/// <list type="bullet">
/// <item>a large match set: walk the order index newest first and test each version with primary-key probes
/// (EXISTS), stopping after a page, so the cost follows the page size, not the match count;</item>
/// <item>a small one: drive from the smallest side table's matches, test the rest by probes and sort only those.</item>
/// </list>
/// Walking reads about <c>page × versions / matches</c> rows and driving reads <c>matches</c> rows, so driving wins
/// when <c>matches² ≤ page × versions</c> (about 3,200 matches for a page of 100 over 100,000 versions).
/// </summary>
internal sealed partial class VersionSearchPlan
{
    private readonly string? _text;
    private readonly SearchFilter _filter;
    private readonly List<Side> _sides;
    private readonly long _versions;

    private VersionSearchPlan(string? text, SearchFilter filter, List<Side> sides, long versions)
    {
        _text = text;
        _filter = filter;
        _sides = sides;
        _versions = versions;
    }

    /// <summary>The side-table comparison with the fewest matches, or null when the filter has none.</summary>
    private Side? Smallest =>
        _sides.Count == 0 ? null : _sides.MinBy(s => s.Count);

    /// <summary>True when some comparison matches nothing, so neither the page nor the count needs a query.</summary>
    public bool MatchesNothing => Smallest is { Count: 0 };

    /// <summary>Validates the whole filter, then counts each side-table comparison from its index.</summary>
    public static async Task<VersionSearchPlan> CreateAsync(SqliteConnection connection, string? text, SearchFilter filter, CancellationToken ct)
    {
        // Translating the whole filter first reports a bad comparison before any query runs.
        _ = VersionFilter.Translator(text, probeOwnerKey: false, SideTableMatch.Exists).Where(filter);

        var sides = new List<Side>();
        foreach (var c in filter.Comparisons)
        {
            var t = VersionFilter.Translator(text, probeOwnerKey: false, SideTableMatch.Exists);
            if (t.SideTable(c) is { } table)
            {
                var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    $"SELECT COUNT(*) FROM {table} x WHERE {t.SideMatch(c, "x")}", t.Parameters, cancellationToken: ct));
                sides.Add(new Side(c, table, count));
            }
        }

        // max(rowid) is one B-tree descent and at least the row count (purges leave gaps); an estimate suffices to pick a plan.
        var versions = sides.Count == 0 ? 0 : await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT max(rowid) FROM model_versions", cancellationToken: ct)) ?? 0;
        return new VersionSearchPlan(text, filter, sides, versions);
    }

    /// <summary>The keys (and sort value) of up to <paramref name="limit"/> matching versions after <paramref name="cursor"/>.</summary>
    public async Task<List<VersionKey>> PageAsync(
        SqliteConnection connection, VersionOrder order, VersionCursor? cursor, int limit, CancellationToken ct)
    {
        var driver = Smallest is { } s && s.Count * s.Count <= (long)limit * _versions ? s : null;
        if (driver is null && order.Kind == "metric")
        {
            return await MetricOrderedPageAsync(connection, order, cursor, limit, ct);
        }

        var sql = PageSql(driver, order, cursor, limit, out var parameters);
        return [.. await connection.QueryAsync<VersionKey>(new CommandDefinition(sql, parameters, cancellationToken: ct))];
    }

    private string PageSql(Side? driver, VersionOrder order, VersionCursor? cursor, int limit, out DynamicParameters parameters)
    {
        var t = VersionFilter.Translator(_text, probeOwnerKey: driver is null, SideTableMatch.Exists);
        var from = driver is { } d
            ? $"{d.Table} d CROSS JOIN model_versions owner ON owner.model = d.model AND owner.version = d.version"
            : "model_versions owner";
        var drive = driver is null ? "" : t.SideMatch(driver.Comparison, "d") + " AND ";
        var where = t.Where(_filter, driver?.Comparison);
        var keyset = cursor is null ? "" : "AND " + order.Keyset(cursor, t.Parameter);
        var join = order.Join(t.Parameter);
        t.Parameters.Add("limit", limit);
        parameters = t.Parameters;
        return $"""
            SELECT owner.model AS Model, owner.version AS Version, {order.ValueColumn} AS Value
            FROM {from} {join}
            WHERE {drive}owner.deleted_at IS NULL AND {where} {keyset}
            ORDER BY {order.OrderBy} LIMIT @limit
            """;
    }

    /// <summary>
    /// How many versions match: exact for no filter and for a single tags./metrics./params. comparison (read from its
    /// index); otherwise counted up to <paramref name="cap"/> (<see cref="VersionSearch.CountCap"/>), beyond which it is a lower bound.
    /// </summary>
    public async Task<(long Count, bool AtLeast)> CountAsync(SqliteConnection connection, int cap, CancellationToken ct)
    {
        if (_filter.Comparisons.Count == 0)
        {
            return (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM model_versions WHERE deleted_at IS NULL", cancellationToken: ct)), false);
        }

        // Each side row belongs to exactly one version (primary key model, version, key; foreign key to the version), so the
        // index count is exact once the soft-deleted versions among the matches are taken off. Left alone, SQLite scans a
        // covering index of every version for those (12 ms at 100k); the partial index holds only deleted ones.
        if (_filter.Comparisons.Count == 1 && _sides.Count == 1)
        {
            var side = _sides[0];
            var dt = VersionFilter.Translator(_text, probeOwnerKey: false, SideTableMatch.Exists);
            var deleted = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"""
                SELECT COUNT(*) FROM model_versions owner INDEXED BY ix_model_versions_deleted
                CROSS JOIN {side.Table} x ON x.model = owner.model AND x.version = owner.version
                WHERE owner.deleted_at IS NOT NULL AND {dt.SideMatch(side.Comparison, "x")}
                """,
                dt.Parameters,
                cancellationToken: ct));
            return (side.Count - deleted, false);
        }

        // Attribute-only filters are left to SQLite's choice of index; with a side comparison the count is driven
        // from the smallest one, as a page would be.
        string inner;
        SqliteSearchTranslator t;
        if (Smallest is { } d)
        {
            t = VersionFilter.Translator(_text, probeOwnerKey: false, SideTableMatch.Exists);
            inner = $"""
                SELECT 1 FROM {d.Table} d CROSS JOIN model_versions owner ON owner.model = d.model AND owner.version = d.version
                WHERE {t.SideMatch(d.Comparison, "d")} AND owner.deleted_at IS NULL AND {t.Where(_filter, d.Comparison)}
                """;
        }
        else
        {
            t = VersionFilter.Translator(_text, probeOwnerKey: false, SideTableMatch.In);
            inner = $"SELECT 1 FROM model_versions owner WHERE owner.deleted_at IS NULL AND {t.Where(_filter)}";
        }

        t.Parameters.Add("cap", cap + 1);
        var count = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM ({inner} LIMIT @cap)", t.Parameters, cancellationToken: ct));
        return count > cap ? (cap, true) : (count, false);
    }

    /// <summary>One tags./metrics./params. comparison, its side table and how many rows of it match.</summary>
    private sealed record Side(SearchComparison Comparison, string Table, long Count);
}
