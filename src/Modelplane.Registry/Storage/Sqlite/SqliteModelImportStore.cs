using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models;
using Modelplane.Registry.Models.Archive;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Whole-model imports in SQLite: one BEGIN IMMEDIATE transaction per model, so all versions appear or none.</summary>
internal sealed class SqliteModelImportStore(SqliteConnectionFactory connections, TimeProvider time) : IModelImportStore
{
    // A plain INSERT, not the push's upsert: an existing name must fail (409), never gain versions.
    private const string InsertModelSql =
        "INSERT INTO models (name, last_version, created_at, updated_at, description) VALUES (@Name, @LastVersion, @Now, @Now, @Description)";

    private const string InsertStageSql =
        "INSERT INTO model_version_stages (model, version, stage, source, updated_at) VALUES (@Model, @Version, @Stage, @Source, @Now)";

    private const string ApprovalSql = """
        UPDATE model_versions SET approval_status = @Status, approval_by = @By, approval_at = @At, approval_comment = @Comment
        WHERE model = @Model AND version = @Version
        """;

    private const string InsertCardSql =
        "INSERT INTO model_version_cards (model, version, markdown, updated_at) VALUES (@Model, @Version, @Markdown, @Now)";

    private const string InsertAliasSql =
        "INSERT INTO model_aliases (model, alias, version, updated_at) VALUES (@Model, @Alias, @Version, @Now)";

    public async Task<IReadOnlyList<ModelVersion>> ImportAsync(ImportedModel model, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Versions.Count == 0)
        {
            throw new ArgumentException("An imported model needs at least one version.", nameof(model));
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var ordered = model.Versions.OrderBy(v => v.Number).ToList();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                InsertModelSql, new { model.Name, LastVersion = ordered[^1].Number, Now = now, model.Description }, transaction, cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsDuplicateKey(e))
        {
            throw new ResourceConflictException($"Model '{model.Name}' already exists; import it under another name.");
        }

        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO model_tags (model, key, value) VALUES (@Model, @Key, @Value)",
            model.Tags.Select(t => new { Model = model.Name, t.Key, t.Value }),
            transaction,
            cancellationToken: ct));
        foreach (var imported in ordered)
        {
            var request = imported.Version with { Model = model.Name };
            await SqliteModelStore.InsertVersionRowsAsync(connection, transaction, request, imported.Number, imported.CreatedAt.ToUnixTimeMilliseconds(), ct);
            var key = new { Model = model.Name, Version = imported.Number };
            var approval = imported.Approval;
            await connection.ExecuteAsync(new CommandDefinition(
                ApprovalSql,
                new { key.Model, key.Version, Status = VersionApproval.Name(approval.Status), approval.By, At = approval.At?.ToUnixTimeMilliseconds(), approval.Comment },
                transaction,
                cancellationToken: ct));
            if (imported.Card is { } card)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    InsertCardSql, new { key.Model, key.Version, Markdown = card, Now = now }, transaction, cancellationToken: ct));
            }

            if (imported.Stage is not null || imported.Source is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    InsertStageSql,
                    new { key.Model, key.Version, Stage = imported.Stage ?? VersionStages.None, imported.Source, Now = now },
                    transaction,
                    cancellationToken: ct));
            }

            await connection.ExecuteAsync(new CommandDefinition(
                InsertAliasSql,
                imported.Aliases.Select(alias => new { key.Model, Alias = alias, key.Version, Now = now }),
                transaction,
                cancellationToken: ct));
        }

        var versions = new List<ModelVersion>(ordered.Count);
        foreach (var imported in ordered)
        {
            versions.Add(await VersionQueries.GetExistingAsync(connection, model.Name, imported.Number, transaction, ct));
        }

        await transaction.CommitAsync(ct);
        return versions;
    }
}
