using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Registry.Rollouts;

namespace Modelplane.Registry.Storage.Sqlite;

// Changes of a rollout and its history. A transition is a compare-and-set on (state, step_index): the controller and a
// person acting at the same moment cannot both move the rollout, and the loser learns it from a null result.
internal sealed partial class SqliteRolloutStore
{
    private const string UpdateSql = $"""
        UPDATE rollouts SET state = @state, step_index = @stepIndex, step_started_at = @stepStartedAt, reason = @reason, updated_at = @now
        WHERE id = @id
        RETURNING {RolloutRow.Columns}
        """;

    public async Task<Rollout?> TransitionAsync(RolloutTransition transition, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transition);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var row = await connection.QuerySingleOrDefaultAsync<RolloutRow>(new CommandDefinition(
            $"SELECT {RolloutRow.Columns} FROM rollouts WHERE id = @RolloutId AND state = @state AND step_index = @ExpectedStepIndex",
            new { transition.RolloutId, state = RolloutStates.Name(transition.ExpectedState), transition.ExpectedStepIndex },
            transaction,
            cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var before = row.ToRollout();
        if (RolloutRules.Problem(transition, before.Plan) is { } problem)
        {
            throw new RegistryValidationException(problem);
        }

        // The bake counts from the start of a step or state: a resumed rollout bakes its step again in full.
        var changed = transition.State != before.State || transition.StepIndex != before.StepIndex;
        var after = (await connection.QuerySingleAsync<RolloutRow>(new CommandDefinition(
            UpdateSql,
            new
            {
                id = before.Id,
                state = RolloutStates.Name(transition.State),
                stepIndex = transition.StepIndex,
                stepStartedAt = changed ? now : row.StepStartedAt,
                reason = transition.State == RolloutState.Running ? null : transition.Reason,
                now,
            },
            transaction,
            cancellationToken: ct))).ToRollout();
        if (transition.Traffic is { } traffic)
        {
            await ApplyTrafficAsync(connection, transaction, after, traffic, now, ct);
        }

        if (after.State == RolloutState.Promoted)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                SqliteAliasStore.UpsertSql,
                new { model = after.CanaryModel, alias = RolloutRules.PromotedAlias, version = after.CanaryVersion, now },
                transaction,
                cancellationToken: ct));
        }

        await InsertEventAsync(
            connection,
            transaction,
            new RolloutEvent(
                0, after.Id, after.UpdatedAt, transition.Actor, transition.Kind, Describe(before.State, before.StepIndex, before.Plan),
                Describe(after.State, after.StepIndex, after.Plan), transition.Reason, transition.FiguresJson),
            ct);
        await transaction.CommitAsync(ct);
        return after;
    }

    public async Task<RolloutEvent> AppendEventAsync(RolloutEvent rolloutEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rolloutEvent);
        if (string.IsNullOrWhiteSpace(rolloutEvent.Actor) || string.IsNullOrWhiteSpace(rolloutEvent.Kind) || string.IsNullOrWhiteSpace(rolloutEvent.Reason))
        {
            throw new RegistryValidationException("a rollout event needs an actor, a kind and a reason");
        }

        await using var connection = await connections.OpenAsync(ct);
        try
        {
            return await InsertEventAsync(connection, null, rolloutEvent, ct);
        }
        catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw new ResourceNotFoundException($"Rollout {rolloutEvent.RolloutId} not found.");
        }
    }

    private static async Task<RolloutEvent> InsertEventAsync(SqliteConnection connection, DbTransaction? transaction, RolloutEvent e, CancellationToken ct)
    {
        try
        {
            var sequence = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO rollout_events (rollout_id, at, actor, kind, from_desc, to_desc, reason, figures_json)
                VALUES (@RolloutId, @at, @Actor, @Kind, @From, @To, @Reason, @FiguresJson)
                RETURNING sequence
                """,
                new { e.RolloutId, at = e.At.ToUnixTimeMilliseconds(), e.Actor, e.Kind, e.From, e.To, e.Reason, e.FiguresJson },
                transaction,
                cancellationToken: ct));
            return e with { Sequence = sequence, At = DateTimeOffset.FromUnixTimeMilliseconds(e.At.ToUnixTimeMilliseconds()) };
        }
        catch (SqliteException error) when (SqliteErrors.IsCheckFailure(error))
        {
            throw new RegistryValidationException("the figures of a rollout event must be JSON");
        }
    }

    /// <summary>
    /// Sets the endpoint's traffic with the endpoint store's own writes: one version alone (its target, split ended) at 0
    /// or 100 percent, else a split between baseline and canary with the baseline as the endpoint's stable version.
    /// </summary>
    private static async Task ApplyTrafficAsync(
        SqliteConnection connection, DbTransaction transaction, Rollout rollout, RolloutTraffic traffic, long now, CancellationToken ct)
    {
        if (!traffic.IsSplit)
        {
            var (model, version) = traffic.CanaryPercent == 100 ? (rollout.CanaryModel, rollout.CanaryVersion) : (rollout.BaselineModel, rollout.BaselineVersion);
            try
            {
                _ = await SqliteEndpointStore.WriteTargetAsync(connection, transaction, rollout.Endpoint, model, version, now, ct)
                    ?? throw new ResourceNotFoundException($"Endpoint '{rollout.Endpoint}' not found.");
                return;
            }
            catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
            {
                throw VersionQueries.NotFound(model, version);
            }
        }

        // The stable version stays the baseline during a split, even after a step that had given the canary everything.
        // Unlike SetTrafficAsync this keeps the endpoint's sticky header: the rollout changes weights, not how callers are keyed.
        try
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE endpoints SET model = @BaselineModel, version = @BaselineVersion, updated_at = @now WHERE name = @Endpoint",
                new { rollout.BaselineModel, rollout.BaselineVersion, rollout.Endpoint, now },
                transaction,
                cancellationToken: ct));
            if (updated == 0)
            {
                throw new ResourceNotFoundException($"Endpoint '{rollout.Endpoint}' not found.");
            }
        }
        catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw VersionQueries.NotFound(rollout.BaselineModel, rollout.BaselineVersion);
        }

        await SqliteEndpointStore.ReplaceSplitAsync(
            connection,
            transaction,
            rollout.Endpoint,
            [
                new TrafficWeight(rollout.BaselineModel, rollout.BaselineVersion, traffic.BaselinePercent),
                new TrafficWeight(rollout.CanaryModel, rollout.CanaryVersion, traffic.CanaryPercent),
            ],
            ct);
    }
}
