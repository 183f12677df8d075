using Dapper;
using Modelplane.Registry.Slos;

namespace Modelplane.Registry.Storage.Sqlite.Slos;

// Where alerts go: receivers (webhooks) and silences.
internal sealed partial class SqliteAlertStore
{
    private const string ReceiverColumns = """
        name AS Name, url AS Url, secret AS Secret, created_at AS CreatedAt, created_by AS CreatedBy, delivered AS Delivered, failed AS Failed,
        last_attempt_at AS LastAttemptAt, last_error AS LastError
        """;

    private const string SilenceColumns =
        "id AS Id, endpoint AS Endpoint, starts_at AS StartsAt, ends_at AS EndsAt, comment AS Comment, created_by AS CreatedBy";

    public async Task<AlertReceiver> SetReceiverAsync(string name, Uri url, string? secret, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        await using var connection = await connections.OpenAsync(ct);
        return (await connection.QuerySingleAsync<ReceiverRow>(new CommandDefinition(
            $"""
            INSERT INTO alert_receivers (name, url, secret, created_at, created_by) VALUES (@name, @url, @secret, @now, @actor)
            ON CONFLICT (name) DO UPDATE SET url = excluded.url, secret = excluded.secret, created_at = excluded.created_at, created_by = excluded.created_by,
                delivered = 0, failed = 0, last_attempt_at = NULL, last_error = NULL
            RETURNING {ReceiverColumns}
            """,
            new { name, url = url.AbsoluteUri, secret, now = time.GetUtcNow().ToUnixTimeMilliseconds(), actor },
            cancellationToken: ct))).ToReceiver();
    }

    public async Task<IReadOnlyList<AlertReceiver>> ListReceiversAsync(CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<ReceiverRow>(new CommandDefinition($"SELECT {ReceiverColumns} FROM alert_receivers ORDER BY name", cancellationToken: ct));
        return [.. rows.Select(r => r.ToReceiver())];
    }

    public async Task<bool> DeleteReceiverAsync(string name, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM alert_receivers WHERE name = @name", new { name }, cancellationToken: ct)) > 0;
    }

    public async Task RecordDeliveryAsync(string name, bool delivered, string? failure, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            delivered
                ? "UPDATE alert_receivers SET delivered = delivered + 1, last_attempt_at = @now, last_error = NULL WHERE name = @name"
                : "UPDATE alert_receivers SET failed = failed + 1, last_attempt_at = @now, last_error = @error WHERE name = @name",
            new { name, error = failure, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: ct));
    }

    public async Task<AlertSilence> AddSilenceAsync(string? endpoint, DateTimeOffset startsAt, DateTimeOffset endsAt, string comment, string actor, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return (await connection.QuerySingleAsync<SilenceRow>(new CommandDefinition(
            $"INSERT INTO alert_silences (endpoint, starts_at, ends_at, comment, created_by) VALUES (@endpoint, @starts, @ends, @comment, @actor) RETURNING {SilenceColumns}",
            new { endpoint, starts = startsAt.ToUnixTimeMilliseconds(), ends = endsAt.ToUnixTimeMilliseconds(), comment, actor },
            cancellationToken: ct))).ToSilence();
    }

    public async Task<IReadOnlyList<AlertSilence>> ListSilencesAsync(DateTimeOffset now, bool includeExpired, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<SilenceRow>(new CommandDefinition(
            $"SELECT {SilenceColumns} FROM alert_silences {(includeExpired ? "" : "WHERE ends_at > @now")} ORDER BY id DESC",
            new { now = now.ToUnixTimeMilliseconds() },
            cancellationToken: ct));
        return [.. rows.Select(r => r.ToSilence())];
    }

    public async Task<bool> DeleteSilenceAsync(long id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM alert_silences WHERE id = @id", new { id }, cancellationToken: ct)) > 0;
    }

    private sealed class ReceiverRow
    {
        public string Name { get; set; } = "";

        public string Url { get; set; } = "";

        public string? Secret { get; set; }

        public long CreatedAt { get; set; }

        public string CreatedBy { get; set; } = "";

        public long Delivered { get; set; }

        public long Failed { get; set; }

        public long? LastAttemptAt { get; set; }

        public string? LastError { get; set; }

        public AlertReceiver ToReceiver() => new(
            Name, new Uri(Url), Secret, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), CreatedBy, Delivered, Failed, Time(LastAttemptAt), LastError);
    }

    private sealed class SilenceRow
    {
        public long Id { get; set; }

        public string? Endpoint { get; set; }

        public long StartsAt { get; set; }

        public long EndsAt { get; set; }

        public string Comment { get; set; } = "";

        public string CreatedBy { get; set; } = "";

        public AlertSilence ToSilence() => new(
            Id, Endpoint, DateTimeOffset.FromUnixTimeMilliseconds(StartsAt), DateTimeOffset.FromUnixTimeMilliseconds(EndsAt), Comment, CreatedBy);
    }
}
