using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Modelplane.Registry.Artifacts;

/// <summary>Runs a full <see cref="ArtifactCollector.CollectAllAsync"/> every <see cref="ArtifactCollectionOptions.Interval"/>.</summary>
internal sealed partial class ArtifactCollectionService(
    ArtifactCollector collector,
    IOptions<ArtifactCollectionOptions> options,
    TimeProvider time,
    ILogger<ArtifactCollectionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var result = await collector.CollectAllAsync(stoppingToken).ConfigureAwait(false);
                    if (result.DeletedDigests.Count > 0 || result.SweptUploads > 0)
                    {
                        LogCollected(logger, result.DeletedDigests.Count, result.DeletedBytes, result.SweptUploads);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
                {
                    // A failed round deletes nothing it should not; the next one tries again.
                    LogFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Collected {Blobs} unreferenced blobs ({Bytes} bytes) and {Uploads} abandoned uploads.")]
    private static partial void LogCollected(ILogger logger, int blobs, long bytes, int uploads);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob collection failed; it runs again at the next interval.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
