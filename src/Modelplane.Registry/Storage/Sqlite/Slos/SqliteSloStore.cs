using System.Globalization;
using System.Text;
using Dapper;
using Modelplane.Registry.Models;
using Modelplane.Registry.Slos;

namespace Modelplane.Registry.Storage.Sqlite.Slos;

/// <summary>SLO objectives and minute counts in SQLite (migration 0019).</summary>
internal sealed class SqliteSloStore(SqliteConnectionFactory connections, TimeProvider time) : ISloStore
{
    private const string Columns =
        "endpoint AS Endpoint, objective AS Objective, target AS Target, window_seconds AS WindowSeconds, threshold_ms AS ThresholdMs, updated_at AS UpdatedAt, updated_by AS UpdatedBy";

    public async Task<IReadOnlyList<SloObjective>> SetAsync(string endpoint, IReadOnlyList<SloObjective> objectives, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        if (objectives.Select(o => o.Problem()).FirstOrDefault(p => p is not null) is { } problem)
        {
            throw new RegistryValidationException(problem);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM endpoints WHERE name = @endpoint", new { endpoint }, transaction, cancellationToken: ct)) == 0)
        {
            throw new ResourceNotFoundException($"Endpoint '{endpoint}' not found.");
        }

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM slo_objectives WHERE endpoint = @endpoint", new { endpoint }, transaction, cancellationToken: ct));
        foreach (var o in objectives)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO slo_objectives (endpoint, objective, target, window_seconds, threshold_ms, updated_at, updated_by)
                VALUES (@endpoint, @Objective, @Target, @seconds, @ThresholdMs, @now, @actor)
                """,
                new { endpoint, o.Objective, o.Target, seconds = (long)o.Window.TotalSeconds, o.ThresholdMs, now, actor },
                transaction,
                cancellationToken: ct));
        }

        await transaction.CommitAsync(ct);
        return await ListAsync(endpoint, ct);
    }

    public async Task<IReadOnlyList<SloObjective>> ListAsync(string? endpoint, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM slo_objectives {(endpoint is null ? "" : "WHERE endpoint = @endpoint")} ORDER BY endpoint, objective",
            new { endpoint },
            cancellationToken: ct));
        return [.. rows.Select(r => r.ToObjective()).OrderBy(o => o.Endpoint, StringComparer.Ordinal).ThenBy(o => Order(o.Objective))];
    }

    public Task AddCountsAsync(IReadOnlyList<SloMinuteCount> counts, CancellationToken ct) =>
        UpsertCountsAsync(counts, "events = events + excluded.events, bad = bad + excluded.bad", ct);

    public Task SetCountsAsync(IReadOnlyList<SloMinuteCount> counts, CancellationToken ct) =>
        UpsertCountsAsync(counts, "events = excluded.events, bad = excluded.bad", ct);

    public async Task<IReadOnlyList<SloCount>> CountAsync(string endpoint, string objective, IReadOnlyList<long> sinceMinutes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sinceMinutes);
        if (sinceMinutes.Count == 0)
        {
            return [];
        }

        // One pass over the longest range, summing each shorter one as it goes (the windows nest).
        var sql = new StringBuilder("SELECT ");
        for (var i = 0; i < sinceMinutes.Count; i++)
        {
            var since = sinceMinutes[i].ToString(CultureInfo.InvariantCulture);
            sql.Append(CultureInfo.InvariantCulture, $"COALESCE(SUM(CASE WHEN minute >= {since} THEN events END), 0), COALESCE(SUM(CASE WHEN minute >= {since} THEN bad END), 0), ");
        }

        sql.Length -= 2;
        sql.Append(" FROM slo_minutes WHERE endpoint = $endpoint AND objective = $objective AND minute >= $from");
        await using var connection = await connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql.ToString();
        command.Parameters.AddWithValue("$endpoint", endpoint);
        command.Parameters.AddWithValue("$objective", objective);
        command.Parameters.AddWithValue("$from", sinceMinutes.Min());
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var counts = new SloCount[sinceMinutes.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = new SloCount(reader.GetInt64(2 * i), reader.GetInt64((2 * i) + 1));
        }

        return counts;
    }

    public async Task<int> DeleteCountsBeforeAsync(long minute, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM slo_minutes WHERE minute < @minute", new { minute }, cancellationToken: ct));
    }

    private async Task UpsertCountsAsync(IReadOnlyList<SloMinuteCount> counts, string onConflict, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Count == 0)
        {
            return;
        }

        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO slo_minutes (endpoint, objective, minute, node, events, bad) VALUES (@Endpoint, @Objective, @Minute, @Node, @Events, @Bad)
            ON CONFLICT (endpoint, objective, minute, node) DO UPDATE SET {onConflict}
            """,
            counts,
            transaction,
            cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    private static int Order(string objective) => objective switch { SloObjectives.Availability => 0, SloObjectives.Latency => 1, _ => 2 };

    private sealed class Row
    {
        public string Endpoint { get; set; } = "";

        public string Objective { get; set; } = "";

        public double Target { get; set; }

        public long WindowSeconds { get; set; }

        public double? ThresholdMs { get; set; }

        public long UpdatedAt { get; set; }

        public string UpdatedBy { get; set; } = "";

        public SloObjective ToObjective() => new(Endpoint, Objective, Target, TimeSpan.FromSeconds(WindowSeconds), ThresholdMs)
        {
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
            UpdatedBy = UpdatedBy,
        };
    }
}
