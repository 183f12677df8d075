using Dapper;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Registry.Storage.Sqlite.Monitoring;

internal sealed partial class SqliteMonitoringStore
{
    private const string TriggerColumns = """
        model AS Model, url AS Url, secret AS Secret, cooldown_seconds AS CooldownSeconds, last_fired_at AS LastFiredAt, last_error AS LastError,
        fired AS Fired, created_at AS CreatedAt, created_by AS CreatedBy
        """;

    public async Task<RetrainingTrigger> SetRetrainingAsync(string model, Uri url, string? secret, TimeSpan cooldown, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleAsync<TriggerRow>(new CommandDefinition(
            $"""
            INSERT INTO retraining_triggers (model, url, secret, cooldown_seconds, created_at, created_by)
            VALUES (@model, @url, @secret, @cooldown, @now, @actor)
            ON CONFLICT (model) DO UPDATE SET url = excluded.url, secret = excluded.secret, cooldown_seconds = excluded.cooldown_seconds,
                created_at = excluded.created_at, created_by = excluded.created_by
            RETURNING {TriggerColumns}
            """,
            new { model, url = url.ToString(), secret, cooldown = (long)cooldown.TotalSeconds, now = time.GetUtcNow().ToUnixTimeMilliseconds(), actor },
            cancellationToken: ct));
        return row.ToTrigger();
    }

    public async Task<RetrainingTrigger?> GetRetrainingAsync(string model, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<TriggerRow>(new CommandDefinition(
            $"SELECT {TriggerColumns} FROM retraining_triggers WHERE model = @model", new { model }, cancellationToken: ct));
        return row?.ToTrigger();
    }

    public async Task<bool> DeleteRetrainingAsync(string model, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM retraining_triggers WHERE model = @model", new { model }, cancellationToken: ct)) > 0;
    }

    public async Task<bool> TryClaimRetrainingAsync(string model, DateTimeOffset now, CancellationToken ct)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE retraining_triggers SET last_fired_at = @at, fired = fired + 1
            WHERE model = @model AND (last_fired_at IS NULL OR last_fired_at + cooldown_seconds * 1000 <= @at)
            """,
            new { model, at },
            cancellationToken: ct)) == 1;
    }

    public async Task RecordRetrainingResultAsync(string model, string? failure, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE retraining_triggers SET last_error = @failure WHERE model = @model", new { model, failure }, cancellationToken: ct));
    }

    private sealed record TriggerRow(
        string Model, string Url, string? Secret, long CooldownSeconds, long? LastFiredAt, string? LastError, long Fired, long CreatedAt, string CreatedBy)
    {
        public RetrainingTrigger ToTrigger() => new(
            Model, new Uri(Url), Secret, TimeSpan.FromSeconds(CooldownSeconds), LastFiredAt is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
            LastError, Fired, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), CreatedBy);
    }
}
