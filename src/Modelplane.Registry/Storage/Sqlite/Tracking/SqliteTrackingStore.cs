using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Tracking;

namespace Modelplane.Registry.Storage.Sqlite.Tracking;

/// <summary>MLflow experiments and runs in the metadata database (migration 0003).</summary>
internal sealed partial class SqliteTrackingStore(SqliteConnectionFactory connections, TimeProvider time) : ITrackingStore
{
    public async Task<string> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyList<TrackingTag> tags, CancellationToken ct)
    {
        TrackingValidation.ValidateName(name, "Experiment name");
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var tag in tags)
        {
            TrackingValidation.ValidateTag(tag);
        }

        var now = Now();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        long id;
        try
        {
            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)
                VALUES (@name, '', 'active', @now, @now) RETURNING experiment_id
                """,
                new { name, now }, transaction, cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsDuplicateKey(e))
        {
            throw new ResourceConflictException($"Experiment(name={name}) already exists.");
        }

        var location = string.IsNullOrEmpty(artifactLocation) ? $"mlflow-artifacts:/{id}" : artifactLocation;
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE experiments SET artifact_location = @location WHERE experiment_id = @id", new { location, id }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @Key, @Value) ON CONFLICT DO UPDATE SET value = excluded.value",
            tags.Select(t => new { id, t.Key, t.Value }), transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return id.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken ct)
    {
        if (!TryParseId(experimentId, out var id))
        {
            return null;
        }

        await using var connection = await connections.OpenAsync(ct);
        return await LoadExperimentAsync(connection, "experiment_id = @id", new { id }, ct);
    }

    public async Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await LoadExperimentAsync(connection, "name = @name", new { name }, ct);
    }

    public async Task RenameExperimentAsync(string experimentId, string newName, CancellationToken ct)
    {
        TrackingValidation.ValidateName(newName, "Experiment name");
        var id = await RequireExperimentAsync(experimentId, mustBeActive: true, ct);
        await using var connection = await connections.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE experiments SET name = @newName, last_update_time = @now WHERE experiment_id = @id",
                new { newName, now = Now(), id }, cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsDuplicateKey(e))
        {
            throw new ResourceConflictException($"Experiment(name={newName}) already exists.");
        }
    }

    public async Task SetExperimentLifecycleAsync(string experimentId, string lifecycleStage, CancellationToken ct)
    {
        var id = await RequireExperimentAsync(experimentId, mustBeActive: false, ct);
        if (id == 0 && lifecycleStage == LifecycleStages.Deleted)
        {
            throw TrackingValidation.Invalid("Cannot delete the default experiment '0'.");
        }

        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var now = Now();
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE experiments SET lifecycle_stage = @lifecycleStage, last_update_time = @now WHERE experiment_id = @id",
            new { lifecycleStage, now, id }, transaction, cancellationToken: ct));

        // As in MLflow, deleting an experiment deletes its runs with it, and restoring brings them back.
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE runs SET lifecycle_stage = @lifecycleStage WHERE experiment_id = @id",
            new { lifecycleStage, id }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    public async Task SetExperimentTagAsync(string experimentId, TrackingTag tag, CancellationToken ct)
    {
        TrackingValidation.ValidateTag(tag);
        var id = await RequireExperimentAsync(experimentId, mustBeActive: true, ct);
        await using var connection = await connections.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @Key, @Value) ON CONFLICT DO UPDATE SET value = excluded.value",
            new { id, tag.Key, tag.Value }, cancellationToken: ct));
    }

    private async Task<long> RequireExperimentAsync(string experimentId, bool mustBeActive, CancellationToken ct)
    {
        var experiment = await GetExperimentAsync(experimentId, ct)
            ?? throw new ResourceNotFoundException($"No Experiment with id={experimentId} exists");
        if (mustBeActive && experiment.LifecycleStage != LifecycleStages.Active)
        {
            throw TrackingValidation.Invalid($"The experiment {experimentId} must be in the 'active' state. Current state is {experiment.LifecycleStage}.");
        }

        return long.Parse(experiment.ExperimentId, CultureInfo.InvariantCulture);
    }

    private static async Task<Experiment?> LoadExperimentAsync(DbConnection connection, string where, object args, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<ExperimentRow>(new CommandDefinition(
            $"SELECT {ExperimentRow.Columns} FROM experiments WHERE {where}", args, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var tags = await LoadExperimentTagsAsync(connection, [row.ExperimentId], ct);
        return row.ToExperiment([.. tags[row.ExperimentId]]);
    }

    private static async Task<ILookup<long, TrackingTag>> LoadExperimentTagsAsync(DbConnection connection, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<(long Id, string Key, string Value)>(new CommandDefinition(
            "SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN @ids ORDER BY key", new { ids }, cancellationToken: ct));
        return rows.ToLookup(r => r.Id, r => new TrackingTag(r.Key, r.Value));
    }

    private static bool TryParseId(string? experimentId, out long id) =>
        long.TryParse(experimentId, NumberStyles.None, CultureInfo.InvariantCulture, out id);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
