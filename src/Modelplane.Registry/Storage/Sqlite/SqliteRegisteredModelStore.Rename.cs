using Dapper;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

internal sealed partial class SqliteRegisteredModelStore
{
    // Every table that keys rows by model name has a column named "model"; reading the list from the schema means a
    // table added by a later migration is renamed too instead of being left pointing at the old name.
    private const string ModelColumnTablesSql = """
        SELECT t.name FROM sqlite_schema t, pragma_table_info(t.name) c
        WHERE t.type = 'table' AND c.name = 'model' AND t.name != 'endpoints'
        ORDER BY t.name
        """;

    public async Task<RegisteredModel> RenameAsync(string name, string newName, CancellationToken ct)
    {
        ValidateName(newName);
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await EnsureExistsAsync(connection, transaction, name, ct);
        var endpoints = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM endpoints WHERE model = @name ORDER BY name", new { name }, transaction, cancellationToken: ct))).ToList();
        if (endpoints.Count > 0)
        {
            // Clients call endpoints by name and the serving table caches the target; renaming under them would break both.
            throw new ResourceInUseException(
                $"Model '{name}' cannot be renamed while endpoint(s) {string.Join(", ", endpoints)} serve it; point them at another model first.");
        }

        // A rollout in progress holds both versions' names (the controller acts on them); ended ones are renamed below.
        var rollouts = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT endpoint FROM rollouts WHERE (baseline_model = @name OR canary_model = @name) AND state IN ('running', 'paused') ORDER BY endpoint",
            new { name },
            transaction,
            cancellationToken: ct))).ToList();
        if (rollouts.Count > 0)
        {
            throw new ResourceInUseException(
                $"Model '{name}' cannot be renamed while the rollout(s) of endpoint(s) {string.Join(", ", rollouts)} use it; end them first.");
        }

        var taken = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM models WHERE name = @newName", new { newName }, transaction, cancellationToken: ct));
        if (taken > 0)
        {
            throw new ResourceConflictException($"Registered Model (name={newName}) already exists.");
        }

        // Child rows move before the parent row, so foreign keys are checked at commit, when everything agrees again.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA defer_foreign_keys = ON", transaction: transaction, cancellationToken: ct));
        var tables = await connection.QueryAsync<string>(new CommandDefinition(ModelColumnTablesSql, transaction: transaction, cancellationToken: ct));
        foreach (var table in tables)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\" SET model = @newName WHERE model = @name",
                new { name, newName },
                transaction,
                cancellationToken: ct));
        }

        // Rollouts name two models, in columns the search above does not find.
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE rollouts SET baseline_model = @newName WHERE baseline_model = @name;
            UPDATE rollouts SET canary_model = @newName WHERE canary_model = @name;
            """,
            new { name, newName },
            transaction,
            cancellationToken: ct));

        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE models SET name = @newName, updated_at = @now WHERE name = @name",
            new { name, newName, now = Now() },
            transaction,
            cancellationToken: ct));

        await transaction.CommitAsync(ct);
        return (await LoadAsync(connection, [newName], ct))[0];
    }
}
