using System.Collections.Frozen;
using Modelplane.Governance.Secrets;
using Modelplane.Serving.Logging;
using Endpoint = Modelplane.Registry.Endpoints.Endpoint;

namespace Modelplane.Server.InferenceLog;

/// <summary>
/// Which endpoints log their predictions and how much: an immutable map swapped when a setting changes, read on the
/// hot path without a lock (one lookup for an endpoint request; nothing for a model called directly).
/// </summary>
internal sealed class InferenceLogSampling(DerivedKeys keys, Rollouts.WorkspaceScope workspace)
{
    // Per workspace, so equal values redacted in two workspaces cannot be matched with each other.
    private readonly Lazy<byte[]> _key = new(() => keys.For($"inference-log-redaction:{workspace.Name}"));
    private readonly Lock _writeLock = new();
    private volatile FrozenDictionary<string, EndpointLog> _endpoints = FrozenDictionary<string, EndpointLog>.Empty;

    /// <summary>The endpoints that keep a log, with their retention (for the writer's sweep).</summary>
    public IEnumerable<EndpointLog> Logged => _endpoints.Values;

    /// <summary>True (with its settings) when this request of <paramref name="endpoint"/> is drawn for the log.</summary>
    public bool Sample(string endpoint, out EndpointLog log)
    {
        if (_endpoints.TryGetValue(endpoint, out log!) && log.SampleRate > 0)
        {
            return log.SampleRate >= 1 || Random.Shared.NextDouble() < log.SampleRate;
        }

        return false;
    }

    /// <summary>Takes the endpoint's settings as stored (none: it stops logging).</summary>
    public void Configure(Endpoint endpoint) => Update(d =>
    {
        d.Remove(endpoint.Name);
        if (endpoint.Logging is { } logging)
        {
            d[endpoint.Name] = new EndpointLog(
                endpoint.Name, logging.SampleRate, logging.Retention,
                logging.Redact.Count == 0 ? FieldRedactor.None : new FieldRedactor(logging.Redact, _key.Value));
        }
    });

    /// <summary>Forgets an endpoint that was deleted.</summary>
    public void Remove(string endpoint) => Update(d => d.Remove(endpoint));

    private void Update(Action<Dictionary<string, EndpointLog>> change)
    {
        lock (_writeLock)
        {
            var copy = new Dictionary<string, EndpointLog>(_endpoints, StringComparer.Ordinal);
            change(copy);
            _endpoints = copy.ToFrozenDictionary(StringComparer.Ordinal);
        }
    }
}

/// <summary>One endpoint's log settings as the hot path and the writer use them.</summary>
internal sealed record EndpointLog(string Endpoint, double SampleRate, TimeSpan Retention, FieldRedactor Redactor);
