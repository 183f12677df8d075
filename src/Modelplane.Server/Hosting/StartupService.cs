using Modelplane.Registry.Storage;
using Modelplane.Server.Governance;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Hosting;

/// <summary>
/// Runs before Kestrel accepts requests and after the registry has migrated its schema: loads every endpoint's
/// model so the first request is served from the snapshot, then reports ready.
/// </summary>
internal sealed partial class StartupService(
    IMetadataStore store,
    ServingTable table,
    OpenEndpoints openEndpoints,
    EndpointRateLimits rateLimits,
    InferenceLog.InferenceLogSampling logSampling,
    ReadinessState readiness,
    ILogger<StartupService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoints = await store.Endpoints.ListAsync(cancellationToken).ConfigureAwait(false);
        openEndpoints.Reset(endpoints);
        foreach (var endpoint in endpoints)
        {
            rateLimits.Configure(endpoint);
            logSampling.Configure(endpoint);
        }

        // Reading and verifying artifacts overlaps across endpoints; session creation is serialised by the runtime
        // cache (it measures each version's memory), so more parallelism than cores would only queue.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(endpoints, parallel, async (endpoint, ct) =>
        {
            try
            {
                await table.ActivateAsync(endpoint, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ModelLoadException or ModelMemoryBudgetException)
            {
                // One broken model, or one over the memory budget, must not keep the others from serving.
                LogEndpointNotLoaded(logger, endpoint.Name, ex);
            }
        }).ConfigureAwait(false);

        readiness.MarkReady();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Error, Message = "Endpoint {Endpoint} could not be loaded and is not serving")]
    private static partial void LogEndpointNotLoaded(ILogger logger, string endpoint, Exception exception);
}
