using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

internal sealed partial class SqliteRegisteredModelStore
{
    /// <summary>Loads models with their tags and aliases in three queries, in the order of <paramref name="names"/>.</summary>
    private static async Task<List<RegisteredModel>> LoadAsync(SqliteConnection connection, IReadOnlyList<string> names, CancellationToken ct)
    {
        if (names.Count == 0)
        {
            return [];
        }

        var rows = (await connection.QueryAsync<ModelRow>(new CommandDefinition(
            "SELECT name AS Name, description AS Description, created_at AS CreatedAt, updated_at AS UpdatedAt FROM models WHERE name IN @names AND deleted_at IS NULL",
            new { names },
            cancellationToken: ct))).ToDictionary(r => r.Name, StringComparer.Ordinal);
        var tags = (await connection.QueryAsync<(string Model, string Key, string Value)>(new CommandDefinition(
            "SELECT model, key, value FROM model_tags WHERE model IN @names ORDER BY key", new { names }, cancellationToken: ct)))
            .ToLookup(t => t.Model, StringComparer.Ordinal);
        var aliases = (await connection.QueryAsync<(string Model, string Alias, long Version, long UpdatedAt)>(new CommandDefinition(
            "SELECT model, alias, version, updated_at FROM model_aliases WHERE model IN @names ORDER BY alias", new { names }, cancellationToken: ct)))
            .ToLookup(a => a.Model, StringComparer.Ordinal);

        return [.. names.Where(rows.ContainsKey).Select(name => rows[name].ToModel(
            tags[name].ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
            [.. aliases[name].Select(a => new ModelAlias(a.Model, a.Alias, checked((int)a.Version), DateTimeOffset.FromUnixTimeMilliseconds(a.UpdatedAt)))]))];
    }

    private sealed class ModelRow
    {
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public RegisteredModel ToModel(IReadOnlyDictionary<string, string> tags, IReadOnlyList<ModelAlias> aliases) => new(
            Name, Description, tags, aliases, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt));
    }
}
