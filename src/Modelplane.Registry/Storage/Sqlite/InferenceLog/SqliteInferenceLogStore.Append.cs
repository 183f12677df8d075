using System.Text;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.InferenceLog;

namespace Modelplane.Registry.Storage.Sqlite.InferenceLog;

public sealed partial class SqliteInferenceLogStore
{
    /// <inheritdoc />
    public Task AppendAsync(IReadOnlyList<InferenceLogRecord> batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // One insert path: records (tests, callers with strings at hand) are encoded here; the writer's hot path has
        // its entries' text as UTF-8 already.
        var entries = new InferenceLogEntry[batch.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var record = batch[i];
            ArgumentNullException.ThrowIfNull(record, nameof(batch));
            entries[i] = new InferenceLogEntry(
                record.RequestId,
                record.At,
                record.Endpoint,
                record.Model,
                record.Version,
                Encoding.UTF8.GetBytes(record.Inputs),
                // Typed, or a null array would become empty (not null) memory: "" instead of NULL.
                record.Outputs is null ? null : (ReadOnlyMemory<byte>?)Encoding.UTF8.GetBytes(record.Outputs),
                record.LatencyMs,
                record.Status,
                record.Route,
                record.Caller);
        }

        return AppendAsync(entries, ct);
    }

    /// <inheritdoc />
    public async Task AppendAsync(ReadOnlyMemory<InferenceLogEntry> batch, CancellationToken ct)
    {
        if (batch.IsEmpty)
        {
            return;
        }

        await using var connection = await OpenAsync(ct);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        InferenceLogInsert.Run(connection.Handle!, batch.Span);
        ct.ThrowIfCancellationRequested();
        await transaction.CommitAsync(ct);
    }
}
