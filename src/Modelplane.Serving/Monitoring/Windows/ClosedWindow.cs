using Modelplane.Registry.Monitoring;

namespace Modelplane.Serving.Monitoring.Windows;

/// <summary>A live window that just closed, on its way to storage and drift analysis.</summary>
/// <param name="Endpoint">The endpoint it watched.</param>
/// <param name="Reference">The reference profile it is compared with (which names the model and version).</param>
/// <param name="StartedAt">When it opened.</param>
/// <param name="EndedAt">When it closed.</param>
public sealed class ClosedWindow(string endpoint, ReferenceProfile reference, DateTimeOffset startedAt, DateTimeOffset endedAt, Func<DataProfile> snapshot)
{
    public string Endpoint { get; } = endpoint;

    public ReferenceProfile Reference { get; } = reference;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset EndedAt { get; } = endedAt;

    /// <summary>The window's profile; read it off the request path (it merges the writer shards).</summary>
    public DataProfile Profile() => snapshot();
}
