using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Tracking;
using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Storage.Sqlite.Tracking;

// runs/search in MLflow's default order (start_time DESC, run_id ASC), the order clients ask for unless told
// otherwise, read the way version search is: each metrics./params./tags. comparison is counted from its index
// first; a large match set walks the start-time index and probes each run by primary key until the page is full,
// a small one (matches² ≤ page × runs) is driven from the side table and sorted. Pages continue from a keyset token.
internal sealed partial class SqliteTrackingStore
{
    private async Task<SearchPage<Run>> SearchRunsInDefaultOrderAsync(
        RunSearch search, long[] experimentIds, (long StartTime, string RunId)? after, CancellationToken ct)
    {
        var filter = SearchFilter.Parse(search.Filter);
        var t = RunTranslator(search.Filter, SideTableMatch.Exists);
        _ = RunTranslator(search.Filter, SideTableMatch.Exists).Where(filter);

        await using var connection = await connections.OpenAsync(ct);
        var sides = new List<(SearchComparison Comparison, string Table, long Count)>();
        foreach (var c in filter.Comparisons)
        {
            var counter = RunTranslator(search.Filter, SideTableMatch.Exists);
            if (counter.SideTable(c) is { } table)
            {
                sides.Add((c, table, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    $"SELECT COUNT(*) FROM {table} x WHERE {counter.SideMatch(c, "x")}", counter.Parameters, cancellationToken: ct))));
            }
        }

        if (sides.Any(s => s.Count == 0))
        {
            return new SearchPage<Run>([], null);
        }

        var runs = sides.Count == 0 ? 0 : await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT max(rowid) FROM runs", cancellationToken: ct)) ?? 0;
        var limit = search.MaxResults + 1;
        (SearchComparison Comparison, string Table, long Count)? driver = sides.Count > 0 && sides.Min(s => s.Count) is var n && n * n <= (long)limit * runs
            ? sides.MinBy(s => s.Count)
            : null;

        // One experiment: its (experiment_id, start_time) index is already in order. Several: the unary + keeps SQLite
        // off that index (it would sort every run of every experiment) so it walks ix_runs_start instead.
        var experiment = experimentIds.Length == 1 && driver is null ? "owner.experiment_id" : "+owner.experiment_id";
        var from = driver is { } d ? $"{d.Table} d CROSS JOIN runs owner ON owner.run_uuid = d.run_uuid" : "runs owner";
        var drive = driver is { } dm ? t.SideMatch(dm.Comparison, "d") + " AND " : "";
        // start_time DESC with run_uuid ASC mixes directions, so no row value fits; the leading <= gives SQLite a range to seek.
        var keyset = after is { } a && t.Parameter(a.StartTime) is var start
            ? $"AND owner.start_time <= {start} AND (owner.start_time < {start} OR owner.run_uuid > {t.Parameter(a.RunId)})"
            : "";
        t.Parameters.Add("experimentIds", experimentIds);
        t.Parameters.Add("limit", limit);
        var sql = $"""
            SELECT owner.run_uuid AS RunId, owner.start_time AS StartTime FROM {from}
            WHERE {drive}{experiment} IN @experimentIds {LifecycleCondition(search.ViewType)} AND {t.Where(filter, driver?.Comparison)} {keyset}
            ORDER BY owner.start_time DESC, owner.run_uuid ASC LIMIT @limit
            """;
        var keys = (await connection.QueryAsync<(string RunId, long StartTime)>(new CommandDefinition(sql, t.Parameters, cancellationToken: ct))).ToList();
        var page = keys.Take(search.MaxResults).ToList();
        var loaded = await LoadRunsAsync(connection, [.. page.Select(k => k.RunId)], ct);
        return new SearchPage<Run>(loaded, keys.Count > search.MaxResults ? PageTokens.EncodeAfter(page[^1].StartTime, page[^1].RunId) : null);
    }

    private static SqliteSearchTranslator RunTranslator(string? filter, SideTableMatch sideTables) => new(
        "filter", filter ?? "", "run_uuid", RunAttributes, "latest_metrics", "params", "tags", sideTables: sideTables);
}
