using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite;

/// <summary>Execution settings in <c>model_version_execution</c>; a version without a row runs with the defaults.</summary>
internal sealed class SqliteVersionExecutionStore(SqliteConnectionFactory connections, TimeProvider time) : IVersionExecutionStore
{
    public async Task<VersionExecution?> GetAsync(string model, int version, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<ExecutionRow>(new CommandDefinition(
            """
            SELECT e.max_concurrency AS MaxConcurrency, e.max_queue AS MaxQueue, e.intra_op_threads AS IntraOpThreads,
                   e.inter_op_threads AS InterOpThreads, e.max_batch_size AS MaxBatchSize, e.max_queue_delay_us AS MaxQueueDelayUs,
                   e.preferred_batch_sizes AS PreferredBatchSizes
            FROM model_version_execution e JOIN model_versions v ON v.model = e.model AND v.version = e.version
            WHERE e.model = @model AND e.version = @version AND v.deleted_at IS NULL
            """,
            new { model, version },
            cancellationToken: ct));
        return row?.ToExecution();
    }

    public async Task SetAsync(string model, int version, VersionExecution settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var batching = settings.Batching;
        await using var connection = await connections.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO model_version_execution (model, version, max_concurrency, max_queue, intra_op_threads, inter_op_threads,
                                                     max_batch_size, max_queue_delay_us, preferred_batch_sizes, updated_at)
                VALUES (@model, @version, @MaxConcurrency, @MaxQueue, @IntraOpThreads, @InterOpThreads, @maxBatchSize, @delay, @preferred, @now)
                ON CONFLICT (model, version) DO UPDATE SET
                    max_concurrency = excluded.max_concurrency, max_queue = excluded.max_queue,
                    intra_op_threads = excluded.intra_op_threads, inter_op_threads = excluded.inter_op_threads,
                    max_batch_size = excluded.max_batch_size, max_queue_delay_us = excluded.max_queue_delay_us,
                    preferred_batch_sizes = excluded.preferred_batch_sizes, updated_at = excluded.updated_at
                """,
                new
                {
                    model,
                    version,
                    settings.MaxConcurrency,
                    settings.MaxQueue,
                    settings.IntraOpThreads,
                    settings.InterOpThreads,
                    maxBatchSize = batching?.MaxBatchSize,
                    delay = batching?.MaxQueueDelayMicroseconds,
                    preferred = batching is null ? null : string.Join(",", batching.PreferredBatchSizes.Select(s => s.ToString(CultureInfo.InvariantCulture))),
                    now = time.GetUtcNow().ToUnixTimeMilliseconds(),
                },
                cancellationToken: ct));
        }
        catch (SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw VersionQueries.NotFound(model, version);
        }
    }

    private sealed class ExecutionRow
    {
        public long? MaxConcurrency { get; set; }
        public long? MaxQueue { get; set; }
        public long? IntraOpThreads { get; set; }
        public long? InterOpThreads { get; set; }
        public long? MaxBatchSize { get; set; }
        public long? MaxQueueDelayUs { get; set; }
        public string? PreferredBatchSizes { get; set; }

        public VersionExecution ToExecution() => new(
            Narrow(MaxConcurrency),
            Narrow(MaxQueue),
            Narrow(IntraOpThreads),
            Narrow(InterOpThreads),
            MaxBatchSize is { } size
                ? new VersionBatching(
                    checked((int)size),
                    MaxQueueDelayUs ?? 0,
                    [.. (PreferredBatchSizes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))])
                : null);

        private static int? Narrow(long? value) => value is { } v ? checked((int)v) : null;
    }
}
