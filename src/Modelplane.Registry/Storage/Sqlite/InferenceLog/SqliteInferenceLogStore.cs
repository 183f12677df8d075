using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.InferenceLog;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite.InferenceLog;

/// <summary>
/// The inference log in its own SQLite file per workspace (<c>inference-log.db</c>), apart from <c>modelplane.db</c>, so a
/// busy log writer never holds the lock that registry writes wait for.
/// </summary>
/// <remarks>Not registered in DI: the server opens one per workspace with <see cref="Open"/>.</remarks>
public sealed partial class SqliteInferenceLogStore : IInferenceLogStore
{
    /// <summary>The database file name inside a workspace's data directory.</summary>
    public const string FileName = "inference-log.db";

    // synchronous=NORMAL, unlike the registry's FULL: in WAL mode a commit is then not fsynced, so a power loss may drop
    // the last moments of the log. The log is a sample kept for debugging and monitoring, and a batch per fsync would cap
    // the writer; a crash of the process alone still loses nothing committed. busy_timeout lets the retention delete
    // and the writer queue for the lock instead of failing with BUSY. temp_store=MEMORY keeps the statement journal of
    // a multi-row INSERT in memory: on disk (SQLite spills it past 64 KiB, reached when the rows of one INSERT land on
    // many index pages, as interleaved request ids do) it cost more write calls than the log's own pages.
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA temp_store=MEMORY;";

    private readonly SqliteConnectionFactory _connections;
    private readonly TimeProvider _time;

    private SqliteInferenceLogStore(string directory, TimeProvider time)
    {
        _connections = new SqliteConnectionFactory(directory, FileName, Pragmas);
        _time = time;
    }

    /// <summary>Opens (creating when missing) <c>inference-log.db</c> in <paramref name="directory"/> and brings its schema up.</summary>
    /// <param name="directory">The workspace's data directory; created when missing.</param>
    /// <param name="time">The clock that stamps when labels were received.</param>
    public static SqliteInferenceLogStore Open(string directory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(time);
        var store = new SqliteInferenceLogStore(directory, time);
        using var connection = new SqliteConnection(store._connections.ConnectionString);
        connection.Open();
        InferenceLogSchema.Create(connection);
        return store;
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(string endpoint, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM inference_log WHERE endpoint = @endpoint", new { endpoint }, cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task<int> DeleteOlderThanAsync(string endpoint, DateTimeOffset cutoff, CancellationToken ct)
    {
        // Labels first, while the records they point at still exist; a label whose request also has a record at or
        // after the cutoff still labels that record, and one with no record at all may still be joined later. The
        // NOT EXISTS probe is pinned to the request index: left alone, the planner walks every newer record per label.
        const string DeleteLabels = """
            DELETE FROM inference_labels
            WHERE endpoint = @endpoint
              AND request_id IN (SELECT request_id FROM inference_log WHERE endpoint = @endpoint AND at < @cutoff)
              AND NOT EXISTS (SELECT 1 FROM inference_log l INDEXED BY inference_log_endpoint_request
                              WHERE l.endpoint = @endpoint AND l.request_id = inference_labels.request_id AND l.at >= @cutoff)
            """;
        var args = new { endpoint, cutoff = cutoff.ToUnixTimeMilliseconds() };
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(DeleteLabels, args, transaction, cancellationToken: ct));
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM inference_log WHERE endpoint = @endpoint AND at < @cutoff", args, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return deleted;
    }

    /// <inheritdoc />
    public async Task DeleteEndpointAsync(string endpoint, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM inference_labels WHERE endpoint = @endpoint; DELETE FROM inference_log WHERE endpoint = @endpoint",
            new { endpoint }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    private Task<SqliteConnection> OpenAsync(CancellationToken ct) => _connections.OpenAsync(ct);

    private static void RequireEndpoint(string endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            throw new RegistryValidationException("An endpoint name is required.");
        }
    }
}
