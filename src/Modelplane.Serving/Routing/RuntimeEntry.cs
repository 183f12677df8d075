using Modelplane.Registry.Models;

namespace Modelplane.Serving.Routing;

/// <summary>The cache's record of one version; every field is read and written under the cache's lock.</summary>
internal sealed class RuntimeEntry(ModelVersion version)
{
    public ModelVersion Version { get; } = version;

    public RuntimeState State { get; set; } = RuntimeState.Unavailable;

    /// <summary>The pending or completed load; null when not loaded.</summary>
    public Task<IModelRunner>? Load { get; set; }

    /// <summary>True after an explicit unload: the request path does not load the version again until a control load.</summary>
    public bool Unloaded { get; set; }

    public string? Reason { get; set; }

    /// <summary>Changes whenever a load starts or the entry is unloaded or evicted, so a stale load knows its result is unwanted.</summary>
    public int LoadId { get; set; }

    /// <summary>Bytes reserved against the budget while loading.</summary>
    public long ReservedBytes { get; set; }

    /// <summary>Bytes the version took when it was last loaded (kept after an unload as the next estimate).</summary>
    public long FootprintBytes { get; set; }

    /// <summary>Requests waiting for the load to finish; bounded by the queue size.</summary>
    public int Waiters { get; set; }

    public long ChargedBytes => State switch
    {
        RuntimeState.Loading => ReservedBytes,
        RuntimeState.Ready or RuntimeState.Unloading => FootprintBytes,
        _ => 0,
    };

    public RuntimeStatus ToStatus() => new(
        Version.Model, Version.Version, Version.Digest, State, Reason,
        State is RuntimeState.Ready or RuntimeState.Loading ? ChargedBytes : null);
}
