using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Modelplane.Serving.Analysis;

/// <summary>
/// The live windows of every version serving on every endpoint, so the request path can record into a version's
/// window and a rollout can sample the baseline and canary windows of its endpoint.
/// </summary>
public sealed class VersionWindows
{
    private readonly ConcurrentDictionary<(string Endpoint, string Model, int Version), VersionWindow> _windows = new();
    private readonly int _capacity;

    /// <param name="capacity">The capacity of each window created.</param>
    public VersionWindows(int capacity = VersionWindow.DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>The window of a version on an endpoint, created empty on first use.</summary>
    public VersionWindow GetOrAdd(string endpoint, string model, int version)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(model);

        // The static factory with a state argument keeps the lookup free of closure allocations on the request path.
        return _windows.GetOrAdd((endpoint, model, version), static (_, capacity) => new VersionWindow(capacity), _capacity);
    }

    /// <summary>The window of a version on an endpoint, if one has been created.</summary>
    public bool TryGet(string endpoint, string model, int version, [MaybeNullWhen(false)] out VersionWindow window)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(model);
        return _windows.TryGetValue((endpoint, model, version), out window);
    }

    /// <summary>Drops the windows of every version on an endpoint, when the endpoint is deleted.</summary>
    /// <remarks>A request still in flight may create a window again; it is empty and harmless.</remarks>
    public void Remove(string endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        foreach (var (key, _) in _windows)
        {
            if (string.Equals(key.Endpoint, endpoint, StringComparison.Ordinal))
            {
                _windows.TryRemove(key, out _);
            }
        }
    }
}
