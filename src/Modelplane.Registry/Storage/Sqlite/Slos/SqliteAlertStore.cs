using Dapper;
using Modelplane.Registry.Slos;

namespace Modelplane.Registry.Storage.Sqlite.Slos;

/// <summary>Burn-rate alerts, receivers and silences in SQLite (migration 0019).</summary>
internal sealed partial class SqliteAlertStore(SqliteConnectionFactory connections, TimeProvider time) : IAlertStore
{
    private const string AlertColumns = """
        id AS Id, endpoint AS Endpoint, objective AS Objective, condition AS Condition, severity AS Severity, state AS State, started_at AS StartedAt,
        resolved_at AS ResolvedAt, last_notified_at AS LastNotifiedAt, long_burn AS LongBurn, short_burn AS ShortBurn, target AS Target,
        budget_remaining AS BudgetRemaining, detail_json AS DetailJson
        """;

    public async Task<IReadOnlyList<SloAlert>> ListAlertsAsync(string? state, int limit, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<AlertRow>(new CommandDefinition(
            $"SELECT {AlertColumns} FROM slo_alerts {(state is null ? "" : "WHERE state = @state")} ORDER BY id DESC LIMIT @limit",
            new { state, limit = Math.Clamp(limit, 1, 10_000) },
            cancellationToken: ct));
        return [.. rows.Select(r => r.ToAlert())];
    }

    public async Task<SloAlert> OpenAlertAsync(SloAlert alert, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleAsync<AlertRow>(new CommandDefinition(
            $"""
            INSERT INTO slo_alerts (endpoint, objective, condition, severity, state, started_at, resolved_at, last_notified_at, long_burn, short_burn,
                target, budget_remaining, updated_at, detail_json)
            VALUES (@Endpoint, @Objective, @Condition, @Severity, 'firing', @started, NULL, @notified, @LongBurn, @ShortBurn, @Target, @BudgetRemaining, @now,
                @DetailJson)
            RETURNING {AlertColumns}
            """,
            new
            {
                alert.Endpoint, alert.Objective, alert.Condition, alert.Severity, started = alert.StartedAt.ToUnixTimeMilliseconds(),
                notified = alert.LastNotifiedAt?.ToUnixTimeMilliseconds(), alert.LongBurn, alert.ShortBurn, alert.Target, alert.BudgetRemaining,
                now = time.GetUtcNow().ToUnixTimeMilliseconds(), alert.DetailJson,
            },
            cancellationToken: ct));
        return row.ToAlert();
    }

    public async Task UpdateAlertAsync(SloAlert alert, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var connection = await connections.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE slo_alerts SET state = @State, resolved_at = @resolved, last_notified_at = @notified, long_burn = @LongBurn, short_burn = @ShortBurn,
                target = @Target, budget_remaining = @BudgetRemaining, updated_at = @now, detail_json = COALESCE(@DetailJson, detail_json)
            WHERE id = @Id
            """,
            new
            {
                alert.Id, alert.State, resolved = alert.ResolvedAt?.ToUnixTimeMilliseconds(), notified = alert.LastNotifiedAt?.ToUnixTimeMilliseconds(),
                alert.LongBurn, alert.ShortBurn, alert.Target, alert.BudgetRemaining, now = time.GetUtcNow().ToUnixTimeMilliseconds(), alert.DetailJson,
            },
            cancellationToken: ct));
    }

    private static DateTimeOffset? Time(long? ms) => ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    private sealed class AlertRow
    {
        public long Id { get; set; }

        public string Endpoint { get; set; } = "";

        public string Objective { get; set; } = "";

        public string Condition { get; set; } = "";

        public string Severity { get; set; } = "";

        public string State { get; set; } = "";

        public long StartedAt { get; set; }

        public long? ResolvedAt { get; set; }

        public long? LastNotifiedAt { get; set; }

        public double LongBurn { get; set; }

        public double ShortBurn { get; set; }

        public double Target { get; set; }

        public double BudgetRemaining { get; set; }

        public string? DetailJson { get; set; }

        public SloAlert ToAlert() => new(
            Id, Endpoint, Objective, Condition, Severity, State, DateTimeOffset.FromUnixTimeMilliseconds(StartedAt), Time(ResolvedAt), Time(LastNotifiedAt),
            LongBurn, ShortBurn, Target, BudgetRemaining)
        {
            DetailJson = DetailJson,
        };
    }
}
