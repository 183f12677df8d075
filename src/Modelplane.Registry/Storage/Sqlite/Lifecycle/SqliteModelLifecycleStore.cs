using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Lifecycle;

namespace Modelplane.Registry.Storage.Sqlite.Lifecycle;

/// <summary>Soft deletion in SQLite: <c>deleted_at</c> columns (migration 0006), each change in one BEGIN IMMEDIATE transaction.</summary>
internal sealed partial class SqliteModelLifecycleStore(SqliteConnectionFactory connections, TimeProvider time) : IModelLifecycleStore
{
    private const int MaxByLength = 200;

    private const string MarkVersionSql = """
        UPDATE model_versions SET deleted_at = @now, deleted_by = @by, delete_reason = @reason, deleted_with_model = @withModel
        WHERE model = @model AND deleted_at IS NULL AND (@version IS NULL OR version = @version)
        """;

    public async Task<DeletedVersion> DeleteVersionAsync(string model, int version, DeleteOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var state = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT ifnull(deleted_at, 0) FROM model_versions WHERE model = @model AND version = @version",
            new { model, version },
            transaction,
            cancellationToken: ct)) ?? throw VersionQueries.NotFound(model, version);
        if (state != 0)
        {
            throw new ResourceConflictException($"Model '{model}' version {version} is already deleted.");
        }

        var users = await VersionUsage.FindAsync(connection, transaction, model, version, ct);
        if (users.Count > 0)
        {
            throw VersionUsage.InUse($"Model '{model}' version {version}", users);
        }

        await RemoveAliasesAsync(connection, transaction, model, version, options.RemoveAliases, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            MarkVersionSql, new { model, version = (int?)version, now, by = options.By, reason = options.Reason, withModel = 0 }, transaction, cancellationToken: ct));
        var deleted = await ReadVersionAsync(connection, transaction, model, version, ct);
        await transaction.CommitAsync(ct);
        return new DeletedVersion(deleted, new DeletionInfo(DateTimeOffset.FromUnixTimeMilliseconds(now), options.By, options.Reason), WithModel: false);
    }

    public async Task<DeletedModel> DeleteModelAsync(string model, DeleteOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (await ModelStateAsync(connection, transaction, model, ct) != 0)
        {
            throw new ResourceConflictException($"Model '{model}' is already deleted.");
        }

        var users = await VersionUsage.FindAsync(connection, transaction, model, null, ct);
        if (users.Count > 0)
        {
            throw VersionUsage.InUse($"Model '{model}'", users);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            MarkVersionSql, new { model, version = (int?)null, now, by = options.By, reason = options.Reason, withModel = 1 }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE models SET deleted_at = @now, deleted_by = @by, delete_reason = @reason WHERE name = @model",
            new { model, now, by = options.By, reason = options.Reason },
            transaction,
            cancellationToken: ct));
        var versions = await connection.QueryAsync<int>(new CommandDefinition(
            "SELECT version FROM model_versions WHERE model = @model ORDER BY version", new { model }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return new DeletedModel(model, new DeletionInfo(DateTimeOffset.FromUnixTimeMilliseconds(now), options.By, options.Reason), [.. versions]);
    }

    public async Task<IReadOnlyList<ModelVersion>> RestoreAsync(string model, int? version, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var modelDeleted = await ModelStateAsync(connection, transaction, model, ct) != 0;
        IEnumerable<int> restored;
        if (version is { } number)
        {
            var state = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
                "SELECT ifnull(deleted_at, 0) FROM model_versions WHERE model = @model AND version = @number",
                new { model, number },
                transaction,
                cancellationToken: ct)) ?? throw VersionQueries.NotFound(model, number);
            if (modelDeleted)
            {
                throw new ResourceConflictException(
                    $"Model '{model}' is deleted; restore the model first (it brings back the versions its delete took).");
            }

            if (state == 0)
            {
                throw new ResourceConflictException($"Model '{model}' version {number} is not deleted.");
            }

            restored = [number];
        }
        else
        {
            if (!modelDeleted)
            {
                throw new ResourceConflictException($"Model '{model}' is not deleted; restore deleted versions one by one with NAME@VERSION.");
            }

            restored = await connection.QueryAsync<int>(new CommandDefinition(
                "SELECT version FROM model_versions WHERE model = @model AND deleted_with_model = 1", new { model }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE models SET deleted_at = NULL, deleted_by = NULL, delete_reason = NULL WHERE name = @model",
                new { model },
                transaction,
                cancellationToken: ct));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE model_versions SET deleted_at = NULL, deleted_by = NULL, delete_reason = NULL, deleted_with_model = 0
            WHERE model = @model AND version IN @versions
            """,
            new { model, versions = restored.ToList() },
            transaction,
            cancellationToken: ct));
        var rows = await connection.QueryAsync<VersionRow>(new CommandDefinition(
            $"{VersionRow.Select} WHERE v.model = @model AND v.version IN @versions ORDER BY v.version DESC",
            new { model, versions = restored.ToList() },
            transaction,
            cancellationToken: ct));
        var result = rows.Select(r => r.ToModelVersion()).ToList();
        await transaction.CommitAsync(ct);
        return result;
    }

    private static void Validate(DeleteOptions options)
    {
        if (options.Reason is { Length: > DeleteOptions.MaxReasonLength })
        {
            throw new RegistryValidationException($"The delete reason is {options.Reason.Length} characters; at most {DeleteOptions.MaxReasonLength} are allowed.");
        }

        if (options.By is { Length: > MaxByLength })
        {
            throw new RegistryValidationException($"The deleting user's name is longer than {MaxByLength} characters.");
        }
    }

    // 0 for a live model, its deletion time when deleted; throws when there is no such model.
    private static async Task<long> ModelStateAsync(SqliteConnection connection, System.Data.Common.DbTransaction transaction, string model, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT ifnull(deleted_at, 0) FROM models WHERE name = @model", new { model }, transaction, cancellationToken: ct))
        ?? throw new ResourceNotFoundException($"Model '{model}' not found.");

    private static async Task RemoveAliasesAsync(
        SqliteConnection connection, System.Data.Common.DbTransaction transaction, string model, int version, bool remove, CancellationToken ct)
    {
        var aliases = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT alias FROM model_aliases WHERE model = @model AND version = @version ORDER BY alias",
            new { model, version },
            transaction,
            cancellationToken: ct))).ToList();
        if (aliases.Count == 0)
        {
            return;
        }

        if (!remove)
        {
            // An alias is a promise to clients that resolve NAME@alias; dropping it silently would break them.
            throw new ResourceConflictException(
                $"Model '{model}' version {version} is named by {(aliases.Count == 1 ? "alias" : "aliases")} " +
                $"{string.Join(", ", aliases.Select(a => $"'{a}'"))}; move or delete {(aliases.Count == 1 ? "it" : "them")} first, " +
                "or delete the version with its aliases (remove_aliases=true, CLI --remove-aliases).");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM model_aliases WHERE model = @model AND version = @version", new { model, version }, transaction, cancellationToken: ct));
    }

    private static async Task<ModelVersion> ReadVersionAsync(
        SqliteConnection connection, System.Data.Common.DbTransaction transaction, string model, int version, CancellationToken ct)
    {
        var row = await connection.QuerySingleAsync<VersionRow>(new CommandDefinition(
            $"{VersionRow.Select} WHERE v.model = @model AND v.version = @version", new { model, version }, transaction, cancellationToken: ct));
        return row.ToModelVersion();
    }
}
