using Microsoft.Extensions.Hosting;

namespace Modelplane.Governance.Storage;

/// <summary>Migrates the control database before anything reads it.</summary>
internal sealed class ControlDatabaseInitializer(ControlDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
