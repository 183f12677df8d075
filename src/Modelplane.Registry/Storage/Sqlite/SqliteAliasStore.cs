using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Aliases in SQLite; the foreign key to model_versions keeps an alias from naming a missing version.</summary>
internal sealed class SqliteAliasStore(SqliteConnectionFactory connections, TimeProvider time) : IModelAliasStore
{
    // One upsert: the alias is created or moved atomically, and readers see either the old or the new target.
    // A promotion (SqliteRolloutStore) runs it inside its own transaction.
    internal const string UpsertSql = """
        INSERT INTO model_aliases (model, alias, version, updated_at) VALUES (@model, @alias, @version, @now)
        ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version, updated_at = excluded.updated_at
        RETURNING model AS Model, alias AS Alias, version AS Version, updated_at AS UpdatedAt
        """;

    public async Task<ModelAlias> SetAsync(string model, string aliasName, int version, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        try
        {
            var row = await connection.QuerySingleAsync<AliasRow>(
                new CommandDefinition(UpsertSql, new { model, alias = aliasName, version, now }, cancellationToken: ct));
            return row.ToAlias();
        }
        catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw VersionQueries.NotFound(model, version);
        }
    }

    public async Task<bool> DeleteAsync(string model, string aliasName, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM model_aliases WHERE model = @model AND alias = @alias", new { model, alias = aliasName }, cancellationToken: ct)) > 0;
    }

    public async Task<IReadOnlyList<ModelAlias>> ListAsync(string model, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<AliasRow>(new CommandDefinition(
            """
            SELECT a.model AS Model, a.alias AS Alias, a.version AS Version, a.updated_at AS UpdatedAt FROM model_aliases a
            JOIN model_versions v ON v.model = a.model AND v.version = a.version AND v.deleted_at IS NULL
            WHERE a.model = @model ORDER BY a.alias
            """,
            new { model },
            cancellationToken: ct));
        return [.. rows.Select(r => r.ToAlias())];
    }

    public async Task<ModelVersion?> ResolveAsync(string model, string versionOrAlias, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        if (VersionMetadataRules.ParseVersionNumber(versionOrAlias) is { } number)
        {
            return await VersionQueries.GetAsync(connection, model, number, null, ct);
        }

        var row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            $"{VersionRow.Select} JOIN model_aliases al ON al.model = v.model AND al.version = v.version WHERE al.model = @model AND al.alias = @alias AND v.deleted_at IS NULL",
            new { model, alias = versionOrAlias },
            cancellationToken: ct));
        return row?.ToModelVersion();
    }

    private sealed class AliasRow
    {
        public string Model { get; set; } = "";
        public string Alias { get; set; } = "";
        public long Version { get; set; }
        public long UpdatedAt { get; set; }

        public ModelAlias ToAlias() => new(Model, Alias, checked((int)Version), DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt));
    }
}
