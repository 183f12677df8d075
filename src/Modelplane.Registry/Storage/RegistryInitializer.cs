using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Modelplane.Registry.Artifacts;

namespace Modelplane.Registry.Storage;

/// <summary>Brings the schema up to date and removes uploads a crash left behind, before the host serves requests.</summary>
internal sealed partial class RegistryInitializer(
    IMetadataStore metadata,
    FileSystemArtifactStore artifacts,
    ILogger<RegistryInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await metadata.MigrateAsync(cancellationToken);
        var stale = artifacts.CleanupStaleUploads();
        if (stale > 0)
        {
            LogStaleUploadsDeleted(logger, stale);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} unfinished uploads left by an earlier run.")]
    private static partial void LogStaleUploadsDeleted(ILogger logger, int count);
}
