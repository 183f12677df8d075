using System.Text;
using System.Text.Json;
using Dapper;
using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Search;
using Modelplane.Registry.Tracking;
using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Storage.Sqlite.Search;

/// <summary>Version search in SQLite: a <see cref="VersionSearchPlan"/> for the page's keys and the count, a keyset over the order for pages.</summary>
/// <param name="countCap">Where compound-filter counts stop (a parameter so tests need not write 10,000 versions).</param>
internal sealed class SqliteModelSearch(SqliteConnectionFactory connections, int countCap = VersionSearch.CountCap) : IModelSearch
{
    private const string PageKeysJoin = """
        FROM json_each(@keys) k
        CROSS JOIN model_versions v ON v.model = json_extract(k.value, '$[0]') AND v.version = json_extract(k.value, '$[1]')
        """;

    public async Task<SearchPage<ModelVersion>> SearchVersionsAsync(VersionSearch query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.MaxResults is < 1 or > VersionSearch.MaxPageSize)
        {
            throw new RegistryValidationException(
                $"Invalid max_results {query.MaxResults}: a page holds 1 to {VersionSearch.MaxPageSize} versions.");
        }

        var filter = SearchFilter.Parse(query.Filter);
        var order = VersionOrder.Parse(query.OrderBy);
        var cursor = VersionCursor.Decode(query.PageToken, order);

        await using var connection = await connections.OpenAsync(ct);
        var plan = await VersionSearchPlan.CreateAsync(connection, query.Filter, filter, ct);
        if (plan.MatchesNothing)
        {
            return new SearchPage<ModelVersion>([], null) { TotalCount = 0 };
        }

        var keys = await plan.PageAsync(connection, order, cursor, query.MaxResults + 1, ct);
        var (total, atLeast) = await plan.CountAsync(connection, countCap, ct);
        var page = keys.Take(query.MaxResults).ToList();
        var versions = await LoadAsync(connection, page, ct);

        var last = page.Count > 0 ? page[^1] : null;
        var next = keys.Count > query.MaxResults && last is not null
            ? new VersionCursor(last.Value, last.Model, checked((int)last.Version)).Encode(order)
            : null;
        return new SearchPage<ModelVersion>(versions, next) { TotalCount = total, TotalCountIsLowerBound = atLeast };
    }

    // The page's keys come first so sorting and counting touch only narrow rows; whole versions are read for the page alone.
    private static async Task<IReadOnlyList<ModelVersion>> LoadAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, List<VersionKey> page, CancellationToken ct)
    {
        if (page.Count == 0)
        {
            return [];
        }

        // The keys go in as one JSON array that drives the join: a long OR of key pairs costs SQLite more to plan
        // than to run (~3 ms for 100), and a row-value IN (VALUES ...) made it scan every version.
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var key in page)
            {
                json.WriteStartArray();
                json.WriteStringValue(key.Model);
                json.WriteNumberValue(key.Version);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"SELECT {VersionRow.Columns} {PageKeysJoin}",
            new { keys = Encoding.UTF8.GetString(buffer.ToArray()) },
            cancellationToken: ct));
        var byKey = rows.Select(r => r.ToModelVersion()).ToDictionary(v => (v.Model, (long)v.Version));
        return [.. page.Select(k => byKey[(k.Model, k.Version)])];
    }
}
