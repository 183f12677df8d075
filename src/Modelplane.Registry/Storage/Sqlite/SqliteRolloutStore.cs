using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models;
using Modelplane.Registry.Rollouts;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>
/// Rollouts in SQLite (migration 0016). Every write runs in one BEGIN IMMEDIATE transaction with the endpoint's traffic,
/// so after a crash the rollout's state and the endpoint's traffic agree: both changed, or neither.
/// </summary>
internal sealed partial class SqliteRolloutStore(SqliteConnectionFactory connections, TimeProvider time) : IRolloutStore
{
    // Spelled exactly as in the partial index ux_rollouts_active_endpoint, so SQLite can use it.
    private const string Active = "state IN ('running', 'paused')";

    private const string InsertSql = $"""
        INSERT INTO rollouts (endpoint, baseline_model, baseline_version, canary_model, canary_version, steps, bake_ms, max_error_rate_delta,
            max_p95_latency_ratio, max_prediction_psi, min_requests, state, step_index, step_started_at, created_at, updated_at, created_by)
        VALUES (@Endpoint, @BaselineModel, @BaselineVersion, @CanaryModel, @CanaryVersion, @steps, @bakeMs, @MaxErrorRateDelta,
            @MaxP95LatencyRatio, @MaxPredictionPsi, @MinRequests, 'running', 0, @now, @now, @now, @Actor)
        RETURNING {RolloutRow.Columns}
        """;

    public async Task<Rollout> StartAsync(NewRollout start, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (RolloutRules.Problem(start) is { } problem)
        {
            throw new RegistryValidationException(problem);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);

        // BEGIN IMMEDIATE takes the write lock before the checks below, so two starts cannot both pass them.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var endpoint = await connection.QuerySingleOrDefaultAsync<EndpointRow>(new CommandDefinition(
            $"SELECT {EndpointRow.Columns} FROM endpoints WHERE name = @Endpoint", new { start.Endpoint }, transaction, cancellationToken: ct))
            ?? throw new ResourceNotFoundException($"Endpoint '{start.Endpoint}' not found.");
        await EnsureLiveAsync(connection, transaction, start.BaselineModel, start.BaselineVersion, ct);
        await EnsureLiveAsync(connection, transaction, start.CanaryModel, start.CanaryVersion, ct);
        if (await GetActiveAsync(connection, transaction, start.Endpoint, ct) is { } active)
        {
            throw Busy(active);
        }

        // The baseline is what the rollout falls back to; starting from a version the endpoint does not serve would
        // move most of its requests at once, which is what a rollout exists to avoid.
        if (endpoint.Model != start.BaselineModel || endpoint.Version != start.BaselineVersion)
        {
            throw new ResourceConflictException(
                $"Endpoint '{start.Endpoint}' serves {endpoint.Model}@{endpoint.Version}, not the baseline {start.BaselineModel}@{start.BaselineVersion}; " +
                "a rollout starts from the version the endpoint serves.");
        }

        var plan = start.Plan;
        var row = await connection.QuerySingleAsync<RolloutRow>(new CommandDefinition(
            InsertSql,
            new
            {
                start.Endpoint, start.BaselineModel, start.BaselineVersion, start.CanaryModel, start.CanaryVersion, steps = RolloutRow.StepsJson(plan.Steps),
                bakeMs = BakeMilliseconds(plan.Bake), plan.MaxErrorRateDelta, plan.MaxP95LatencyRatio, plan.MaxPredictionPsi, plan.MinRequests, now, start.Actor,
            },
            transaction,
            cancellationToken: ct));
        var rollout = row.ToRollout();
        await ApplyTrafficAsync(connection, transaction, rollout, RolloutTraffic.Split(plan.Steps[0]), now, ct);
        var reason = $"{start.BaselineModel}@{start.BaselineVersion} to {start.CanaryModel}@{start.CanaryVersion} " +
            $"in steps {string.Join(",", plan.Steps)}, each baked {RolloutRules.Format(plan.Bake)}";
        await InsertEventAsync(
            connection,
            transaction,
            new RolloutEvent(0, rollout.Id, rollout.CreatedAt, start.Actor, RolloutEventKinds.Started, null, Describe(rollout.State, rollout.StepIndex, plan), reason, null),
            ct);
        await transaction.CommitAsync(ct);
        return rollout;
    }

    public async Task<Rollout?> GetActiveAsync(string endpoint, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await GetActiveAsync(connection, null, endpoint, ct);
    }

    public async Task<Rollout?> GetLatestAsync(string endpoint, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<RolloutRow>(new CommandDefinition(
            $"SELECT {RolloutRow.Columns} FROM rollouts WHERE endpoint = @endpoint ORDER BY id DESC LIMIT 1", new { endpoint }, cancellationToken: ct));
        return row?.ToRollout();
    }

    public async Task<IReadOnlyList<Rollout>> ListActiveAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<RolloutRow>(new CommandDefinition(
            $"SELECT {RolloutRow.Columns} FROM rollouts WHERE {Active} ORDER BY endpoint", cancellationToken: ct));
        return [.. rows.Select(r => r.ToRollout())];
    }

    public async Task<IReadOnlyList<RolloutEvent>> EventsAsync(long rolloutId, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<RolloutEventRow>(new CommandDefinition(
            $"SELECT {RolloutEventRow.Columns} FROM rollout_events WHERE rollout_id = @rolloutId ORDER BY sequence", new { rolloutId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToEvent())];
    }

    /// <summary>How events show a rollout's position: <c>running at step 2 of 4 (25%)</c>.</summary>
    internal static string Describe(RolloutState state, int stepIndex, RolloutPlan plan) =>
        $"{RolloutStates.Name(state)} at step {stepIndex + 1} of {plan.Steps.Count} ({plan.Steps[stepIndex]}%)";

    // Rounded up: a bake under a millisecond still passes the rules, and must not be stored as none.
    private static long BakeMilliseconds(TimeSpan bake) => (bake.Ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;

    private static ResourceConflictException Busy(Rollout active) => new(
        $"Endpoint '{active.Endpoint}' already has rollout {active.Id} {RolloutStates.Name(active.State)} at step {active.StepIndex + 1} " +
        $"of {active.Plan.Steps.Count} ({active.StepPercent}%); promote, roll back or abort it first.");

    private static async Task<Rollout?> GetActiveAsync(SqliteConnection connection, DbTransaction? transaction, string endpoint, CancellationToken ct)
    {
        var row = await connection.QuerySingleOrDefaultAsync<RolloutRow>(new CommandDefinition(
            $"SELECT {RolloutRow.Columns} FROM rollouts WHERE endpoint = @endpoint AND {Active}", new { endpoint }, transaction, cancellationToken: ct));
        return row?.ToRollout();
    }

    private static async Task EnsureLiveAsync(SqliteConnection connection, DbTransaction transaction, string model, int version, CancellationToken ct)
    {
        var live = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM model_versions WHERE model = @model AND version = @version AND deleted_at IS NULL",
            new { model, version },
            transaction,
            cancellationToken: ct));
        if (live == 0)
        {
            throw VersionQueries.NotFound(model, version);
        }
    }
}
