namespace Modelplane.Registry.Models;

/// <summary>Persists how each version runs when served (concurrency, queue, threads, dynamic batching).</summary>
public interface IVersionExecutionStore
{
    /// <summary>The settings stored for a version, or null when none are (the version then runs with the defaults).</summary>
    Task<VersionExecution?> GetAsync(string model, int version, CancellationToken ct);

    /// <summary>Replaces the version's settings; members left null go back to the server's defaults.</summary>
    /// <exception cref="Storage.ResourceNotFoundException">The version does not exist or is deleted.</exception>
    Task SetAsync(string model, int version, VersionExecution settings, CancellationToken ct);
}
