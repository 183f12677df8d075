using Modelplane.Registry.Storage;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Hosting;

/// <summary>
/// Runs before Kestrel accepts requests and after the registry has migrated its schema: loads every endpoint's
/// model so the first request is served from the snapshot, then reports ready.
/// </summary>
internal sealed partial class StartupService(
    IMetadataStore store,
    ServingTable table,
    ReadinessState readiness,
    ILogger<StartupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var endpoint in await store.Endpoints.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await table.ActivateAsync(endpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (ModelLoadException ex)
            {
                // One broken model must not keep the others from serving.
                LogEndpointNotLoaded(logger, endpoint.Name, ex);
            }
        }

        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Endpoint {Endpoint} could not be loaded and is not serving")]
    private static partial void LogEndpointNotLoaded(ILogger logger, string endpoint, Exception exception);
}
