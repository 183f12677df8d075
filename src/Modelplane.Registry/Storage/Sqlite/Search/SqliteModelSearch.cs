using Dapper;
using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Search;
using Modelplane.Registry.Tracking;
using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Storage.Sqlite.Search;

/// <summary>Version search in SQLite: the shared filter translator for the WHERE, a keyset over the order for pages.</summary>
internal sealed class SqliteModelSearch(SqliteConnectionFactory connections) : IModelSearch
{
    public async Task<SearchPage<ModelVersion>> SearchVersionsAsync(VersionSearch query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.MaxResults is < 1 or > VersionSearch.MaxPageSize)
        {
            throw new RegistryValidationException(
                $"Invalid max_results {query.MaxResults}: a page holds 1 to {VersionSearch.MaxPageSize} versions.");
        }

        var filter = SearchFilter.Parse(query.Filter);
        var translator = VersionFilter.Translator(query.Filter, forPage: true);
        var where = translator.Where(filter);
        var counter = VersionFilter.Translator(query.Filter, forPage: false);
        var countWhere = counter.Where(filter);
        var order = VersionOrder.Parse(query.OrderBy);
        var cursor = VersionCursor.Decode(query.PageToken, order);
        var join = order.Join(translator.Parameter);
        var keyset = cursor is null ? "" : "AND " + order.Keyset(cursor, translator.Parameter);
        translator.Parameters.Add("limit", query.MaxResults + 1);

        var pageSql = $"""
            SELECT owner.model AS Model, owner.version AS Version, {order.ValueColumn} AS Value
            FROM model_versions owner {join}
            WHERE {where} AND owner.deleted_at IS NULL {keyset}
            ORDER BY {order.OrderBy} LIMIT @limit
            """;
        var countSql = $"SELECT COUNT(*) FROM model_versions owner WHERE {countWhere} AND owner.deleted_at IS NULL";

        await using var connection = await connections.OpenAsync(ct);
        var keys = (await connection.QueryAsync<KeyRow>(new CommandDefinition(pageSql, translator.Parameters, cancellationToken: ct))).ToList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(countSql, counter.Parameters, cancellationToken: ct));
        var page = keys.Take(query.MaxResults).ToList();
        var versions = await LoadAsync(connection, page, ct);

        var last = page.Count > 0 ? page[^1] : null;
        var next = keys.Count > query.MaxResults && last is not null
            ? new VersionCursor(last.Value, last.Model, checked((int)last.Version)).Encode(order)
            : null;
        return new SearchPage<ModelVersion>(versions, next) { TotalCount = total };
    }

    // The page's keys come first so sorting and counting touch only narrow rows; whole versions are read for the page alone.
    private static async Task<IReadOnlyList<ModelVersion>> LoadAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, IReadOnlyList<KeyRow> page, CancellationToken ct)
    {
        if (page.Count == 0)
        {
            return [];
        }

        var parameters = new DynamicParameters();
        var tuples = new List<string>(page.Count);
        for (var i = 0; i < page.Count; i++)
        {
            parameters.Add($"m{i}", page[i].Model);
            parameters.Add($"v{i}", page[i].Version);
            tuples.Add($"(v.model = @m{i} AND v.version = @v{i})");
        }

        // ORed key lookups rather than a row-value IN (VALUES ...), which SQLite answers with a full scan.
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"{VersionRow.Select} WHERE {string.Join(" OR ", tuples)}", parameters, cancellationToken: ct));
        var byKey = rows.Select(r => r.ToModelVersion()).ToDictionary(v => (v.Model, (long)v.Version));
        return [.. page.Select(k => byKey[(k.Model, k.Version)])];
    }

    private sealed class KeyRow
    {
        public string Model { get; set; } = "";

        public long Version { get; set; }

        public double? Value { get; set; }
    }
}
