using System.Data.Common;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

// What an endpoint keeps in the inference log: one row in endpoint_logging, none when it logs nothing.
internal sealed partial class SqliteEndpointStore
{
    private const string LoggingSql =
        "SELECT endpoint AS Endpoint, sample_rate AS SampleRate, retention_seconds AS RetentionSeconds, redact AS Redact FROM endpoint_logging";

    public async Task<Endpoint> SetLoggingAsync(string name, InferenceLogging? logging, CancellationToken ct)
    {
        if (logging?.Problem() is { } problem)
        {
            throw new RegistryValidationException(problem);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await TouchAsync(connection, transaction, name, now, ct);

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM endpoint_logging WHERE endpoint = @name", new { name }, transaction, cancellationToken: ct));
        if (logging is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO endpoint_logging (endpoint, sample_rate, retention_seconds, redact) VALUES (@name, @rate, @seconds, @redact)",
                new
                {
                    name,
                    rate = logging.SampleRate,
                    seconds = (long)Math.Ceiling(logging.Retention.TotalSeconds),
                    redact = JsonSerializer.Serialize(logging.Redact, StorageJsonContext.Default.IReadOnlyListString),
                },
                transaction,
                cancellationToken: ct));
        }

        var endpoint = await GetAsync(connection, transaction, name, ct);
        await transaction.CommitAsync(ct);
        return endpoint!;
    }

    private static async Task<Dictionary<string, InferenceLogging>> LoggingAsync(SqliteConnection connection, DbTransaction? transaction, string? name, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<LoggingRow>(new CommandDefinition(
            name is null ? LoggingSql : LoggingSql + " WHERE endpoint = @name", new { name }, transaction, cancellationToken: ct));
        return rows.ToDictionary(r => r.Endpoint, r => r.ToLogging(), StringComparer.Ordinal);
    }

    private sealed class LoggingRow
    {
        public string Endpoint { get; set; } = "";

        public double SampleRate { get; set; }

        public long RetentionSeconds { get; set; }

        public string Redact { get; set; } = "[]";

        public InferenceLogging ToLogging() => new(
            SampleRate,
            TimeSpan.FromSeconds(RetentionSeconds),
            JsonSerializer.Deserialize(Redact, StorageJsonContext.Default.IReadOnlyListString) ?? []);
    }
}
