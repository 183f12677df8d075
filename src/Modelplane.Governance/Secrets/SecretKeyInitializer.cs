using Microsoft.Extensions.Hosting;

namespace Modelplane.Governance.Secrets;

/// <summary>Reads (or, on first start, generates) the master key at start, so a bad key stops the server rather than the first secret.</summary>
internal sealed class SecretKeyInitializer(SecretMasterKey key) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        key.EnsureLoaded();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
