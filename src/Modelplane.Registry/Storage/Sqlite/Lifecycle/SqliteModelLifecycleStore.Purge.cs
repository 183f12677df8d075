using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models.Lifecycle;

namespace Modelplane.Registry.Storage.Sqlite.Lifecycle;

// Purge: the hard delete of what is already soft-deleted, in one transaction so a crash leaves all of it or none.
internal sealed partial class SqliteModelLifecycleStore
{
    /// <summary>
    /// Every table with a foreign key to <c>model_versions</c>, and how a purged version's rows leave it. A table added
    /// later must be listed here (a test compares this list with the schema). Endpoints are absent on purpose: an
    /// endpoint can never target a deleted version.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> DependentRows = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["model_version_tags"] = "DELETE FROM model_version_tags WHERE model = @Model AND version = @Version",
        ["model_version_metrics"] = "DELETE FROM model_version_metrics WHERE model = @Model AND version = @Version",
        ["model_version_params"] = "DELETE FROM model_version_params WHERE model = @Model AND version = @Version",
        ["model_version_cards"] = "DELETE FROM model_version_cards WHERE model = @Model AND version = @Version",
        ["model_aliases"] = "DELETE FROM model_aliases WHERE model = @Model AND version = @Version",
        ["model_version_stages"] = "DELETE FROM model_version_stages WHERE model = @Model AND version = @Version",
        ["model_version_execution"] = "DELETE FROM model_version_execution WHERE model = @Model AND version = @Version",
        ["model_version_signatures"] = "DELETE FROM model_version_signatures WHERE model = @Model AND version = @Version",
        ["model_version_profiles"] = "DELETE FROM model_version_profiles WHERE model = @Model AND version = @Version",

        // The ended rollouts (with their events) that name it as baseline or canary; an active one keeps it from being deleted.
        ["rollouts"] = """
            DELETE FROM rollouts WHERE (baseline_model = @Model AND baseline_version = @Version) OR (canary_model = @Model AND canary_version = @Version)
            """,

        // Its own parent links, and the links of any child (live or deleted) that names it as a parent.
        ["model_version_parents"] = "DELETE FROM model_version_parents WHERE model = @Model AND (version = @Version OR parent = @Version)",
    };

    public async Task<PurgeResult> PurgeAsync(string? model, int? version, CancellationToken ct)
    {
        if (model is null && version is not null)
        {
            throw new ArgumentException("A version can only be purged together with its model name.", nameof(version));
        }

        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var targets = await FindPurgeTargetsAsync(connection, transaction, model, version, ct);
        var models = version is null
            ? (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT name FROM models WHERE deleted_at IS NOT NULL AND (@model IS NULL OR name = @model) ORDER BY name",
                new { model },
                transaction,
                cancellationToken: ct))).ToList()
            : [];

        var keys = targets.Select(t => new { t.Model, Version = t.Version }).ToList();
        foreach (var sql in DependentRows.Values)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, keys, transaction, cancellationToken: ct));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM model_versions WHERE model = @Model AND version = @Version AND deleted_at IS NOT NULL", keys, transaction, cancellationToken: ct));

        // A deleted model has only deleted versions (pushes to it are refused), so after the loop it has none left.
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM model_tags WHERE model = @name", models.Select(name => new { name }), transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM models WHERE name = @name AND deleted_at IS NOT NULL", models.Select(name => new { name }), transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return new PurgeResult(models, [.. targets.Select(t => new PurgedVersion(t.Model, checked((int)t.Version), t.Digest))]);
    }

    private static async Task<List<TargetRow>> FindPurgeTargetsAsync(
        SqliteConnection connection, DbTransaction transaction, string? model, int? version, CancellationToken ct)
    {
        if (model is not null && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM models WHERE name = @model", new { model }, transaction, cancellationToken: ct)) == 0)
        {
            throw new ResourceNotFoundException($"Model '{model}' not found.");
        }

        var rows = (await connection.QueryAsync<TargetRow>(new CommandDefinition(
            """
            SELECT model AS Model, version AS Version, digest AS Digest, deleted_at IS NOT NULL AS Deleted FROM model_versions
            WHERE (@model IS NULL OR model = @model) AND (@version IS NULL OR version = @version)
              AND (@version IS NOT NULL OR deleted_at IS NOT NULL)
            ORDER BY model, version
            """,
            new { model, version },
            transaction,
            cancellationToken: ct))).ToList();
        if (version is { } number)
        {
            if (rows.Count == 0)
            {
                throw VersionQueries.NotFound(model!, number);
            }

            if (!rows[0].Deleted)
            {
                throw new ResourceConflictException(
                    $"Model '{model}' version {number} is not deleted; purge removes only deleted versions, so delete it first.");
            }
        }

        return rows;
    }

    private sealed class TargetRow
    {
        public string Model { get; set; } = "";

        public long Version { get; set; }

        public string Digest { get; set; } = "";

        public bool Deleted { get; set; }
    }
}
