using Microsoft.Data.Sqlite;
using Modelplane.Governance.Storage;

namespace Modelplane.Governance.Audit;

/// <summary>
/// The audit log in the control database: appends extend the workspace's hash chain; reads filter, page, export and
/// verify it.
/// </summary>
internal sealed partial class AuditLog(ControlDatabase database, TimeProvider time) : IAuditLog, IDisposable
{
    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 1000;

    internal const string Columns = "workspace, seq, time, actor, action, target, outcome, status, \"before\", \"after\", client_address, request_id, prev_hash, hash";

    // One writer at a time in this process, so appends queue here rather than on SQLite's busy timeout. The
    // IMMEDIATE transaction below is what keeps two processes on one file from reading the same last record.
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <inheritdoc />
    public Task AppendAsync(AuditEntry entry, CancellationToken ct) => AppendRecordAsync(entry, ct);

    /// <summary>Appends <paramref name="entry"/> and returns the stored record; durable (fsynced) when it returns.</summary>
    public async Task<AuditRecord> AppendRecordAsync(AuditEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.Workspace);
        ArgumentException.ThrowIfNullOrEmpty(entry.Actor);
        ArgumentException.ThrowIfNullOrEmpty(entry.Action);
        ArgumentException.ThrowIfNullOrEmpty(entry.Target);

        await _writer.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var connection = await database.OpenAsync(ct).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // deferred: false is BEGIN IMMEDIATE: the write lock is taken before the last record is read. (There is
                // no async overload that takes it; the lock wait is bounded by busy_timeout.)
                var transaction = connection.BeginTransaction(deferred: false);
                await using (transaction.ConfigureAwait(false))
                {
                    var (lastSeq, prevHash) = await ReadLastAsync(connection, transaction, entry.Workspace, ct).ConfigureAwait(false);
                    var seq = lastSeq + 1;
                    var timeMs = time.GetUtcNow().ToUnixTimeMilliseconds();
                    var hash = AuditHash.Compute(
                        entry.Workspace, seq, timeMs, entry.Actor, entry.Action, entry.Target, entry.Outcome, entry.Status,
                        entry.Before, entry.After, entry.ClientAddress, entry.RequestId, prevHash);
                    await InsertAsync(connection, transaction, entry, seq, timeMs, prevHash, hash, ct).ConfigureAwait(false);
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    return new AuditRecord(
                        seq, DateTimeOffset.FromUnixTimeMilliseconds(timeMs), entry.Workspace, entry.Actor, entry.Action, entry.Target,
                        entry.Outcome, entry.Status, entry.Before, entry.After, entry.ClientAddress, entry.RequestId,
                        AuditHash.Hex(prevHash), AuditHash.Hex(hash));
                }
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();

    private static async Task<(long Seq, byte[] Hash)> ReadLastAsync(SqliteConnection connection, SqliteTransaction transaction, string workspace, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT seq, hash FROM audit_records WHERE workspace = $workspace ORDER BY seq DESC LIMIT 1";
        command.Parameters.AddWithValue("$workspace", workspace);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false)
            ? (reader.GetInt64(0), (byte[])reader.GetValue(1))
            : (0, AuditHash.Genesis);
    }

    private static async Task InsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, AuditEntry entry, long seq, long timeMs, byte[] prevHash, byte[] hash, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO audit_records ({Columns})
            VALUES ($workspace, $seq, $time, $actor, $action, $target, $outcome, $status, $before, $after, $client, $request, $prev, $hash)
            """;
        var p = command.Parameters;
        p.AddWithValue("$workspace", entry.Workspace);
        p.AddWithValue("$seq", seq);
        p.AddWithValue("$time", timeMs);
        p.AddWithValue("$actor", entry.Actor);
        p.AddWithValue("$action", entry.Action);
        p.AddWithValue("$target", entry.Target);
        p.AddWithValue("$outcome", AuditOutcomes.Name(entry.Outcome));
        p.AddWithValue("$status", (object?)entry.Status ?? DBNull.Value);
        p.AddWithValue("$before", (object?)entry.Before ?? DBNull.Value);
        p.AddWithValue("$after", (object?)entry.After ?? DBNull.Value);
        p.AddWithValue("$client", (object?)entry.ClientAddress ?? DBNull.Value);
        p.AddWithValue("$request", (object?)entry.RequestId ?? DBNull.Value);
        p.AddWithValue("$prev", prevHash);
        p.AddWithValue("$hash", hash);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
