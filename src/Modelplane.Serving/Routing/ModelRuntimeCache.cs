using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Modelplane.Registry.Artifacts;
using Modelplane.Registry.Models;
using Modelplane.Serving.Memory;
using Modelplane.Serving.Telemetry;

namespace Modelplane.Serving.Routing;

/// <summary>
/// Loads each model version at most once (digest verified on the way in), off the request path, within the memory
/// budget, and keeps its runner until the version is unloaded or deleted.
/// </summary>
public sealed partial class ModelRuntimeCache : IDisposable
{
    private readonly Lock _lock;

    // The digest is part of the key: after a purge a model name can come back with the same version numbers and other bytes.
    private readonly Dictionary<(string Model, int Version, string Digest), RuntimeEntry> _entries = [];

    // Shared by every workspace's cache: the budget, the lock and the gate that serialises footprint measurements.
    private readonly ServingMemory _memory;
    private readonly IArtifactStore _artifacts;
    private readonly ModelRunnerFactory _factory;
    private readonly ServingOptions _options;
    private readonly TimeProvider _time;
    private readonly IVersionExecutionStore? _executions;
    private readonly IInferenceTelemetry? _telemetry;
    private readonly ILogger _logger;

    /// <summary>Creates the cache over the artifact store and the runtimes.</summary>
    /// <param name="artifacts">Where verified artifact bytes are read from.</param>
    /// <param name="factory">Creates a runner per version.</param>
    /// <param name="options">The memory budget, and the queue size and timeout for requests that wait for a load.</param>
    /// <param name="time">Times out requests that wait for a load.</param>
    /// <param name="executions">Each version's own execution settings; without it every version runs with the factory's defaults.</param>
    /// <param name="logger">Reports artifacts refused at load because their bytes no longer match their digest.</param>
    /// <param name="memory">The budget and lock shared with other workspaces' caches; a cache of its own when null.</param>
    /// <param name="telemetry">Receives each version's load time and runtime executions; none when null.</param>
    public ModelRuntimeCache(
        IArtifactStore artifacts, ModelRunnerFactory factory, IOptions<ServingOptions> options, TimeProvider time, IVersionExecutionStore? executions = null,
        ILogger<ModelRuntimeCache>? logger = null, ServingMemory? memory = null, IInferenceTelemetry? telemetry = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _memory = memory ?? new ServingMemory();
        _lock = _memory.Gate;
        _memory.Join(this);
        _artifacts = artifacts;
        _factory = factory;
        _options = options.Value;
        _time = time;
        _executions = executions;
        _telemetry = telemetry;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        ProcessMemory.ConfigureAllocator();
    }

    /// <summary>Returns the runner for a version, loading it if needed, even after an explicit unload (the control path).</summary>
    /// <exception cref="ModelLoadException">The artifact is missing, corrupt or cannot be loaded.</exception>
    /// <exception cref="ModelMemoryBudgetException">Loading would exceed <see cref="ServingOptions.MemoryBudgetBytes"/>.</exception>
    public async Task<IModelRunner> GetOrLoadAsync(ModelVersion version, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(version);
        Task<IModelRunner> load;
        lock (_lock)
        {
            var entry = GetEntryLocked(version);
            entry.Unloaded = false;
            load = StartLoadLocked(entry);
        }

        return await load.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The state of every version the cache knows about (loaded, loading, unloaded or failed).</summary>
    public IReadOnlyList<RuntimeStatus> Statuses()
    {
        lock (_lock)
        {
            return [.. _entries.Values.Select(e => e.ToStatus())];
        }
    }

    /// <summary>The runners loaded now (loads in progress or failed are left out), optionally only those of <paramref name="model"/>.</summary>
    public IReadOnlyList<IModelRunner> Loaded(string? model = null)
    {
        lock (_lock)
        {
            return [.. _entries.Values
                .Where(e => (model is null || e.Version.Model == model) && e.State == RuntimeState.Ready && e.Load is { IsCompletedSuccessfully: true })
                .Select(e => e.Load!.Result)
                .OrderBy(r => r.Version.Model, StringComparer.Ordinal).ThenBy(r => r.Version.Version)];
        }
    }

    /// <summary>True while <paramref name="runner"/> is the loaded runner of its version; false once it is unloaded or evicted.</summary>
    internal bool IsLive(IModelRunner runner)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(Key(runner.Version), out var entry)
                && entry.State == RuntimeState.Ready
                && entry.Load is { IsCompletedSuccessfully: true } load
                && ReferenceEquals(load.Result, runner);
        }
    }

    private static (string, int, string) Key(ModelVersion version) => (version.Model, version.Version, version.Digest);

    private RuntimeEntry GetEntryLocked(ModelVersion version)
    {
        var key = Key(version);
        if (!_entries.TryGetValue(key, out var entry))
        {
            entry = new RuntimeEntry(version);
            _entries[key] = entry;
        }

        return entry;
    }

    private Task<IModelRunner> StartLoadLocked(RuntimeEntry entry)
    {
        if (entry.Load is { } pending && entry.State is RuntimeState.Loading or RuntimeState.Ready)
        {
            return pending;
        }

        entry.ReservedBytes = ReserveLocked(entry);
        entry.State = RuntimeState.Loading;
        entry.Reason = null;
        var id = ++entry.LoadId;

        // On the thread pool, so neither a request's thread nor its cancellation takes part in the load.
        var load = Task.Run(() => LoadAsync(entry, id));
        entry.Load = load;
        return load;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var entry in _entries.Values)
            {
                if (entry.Load is { IsCompletedSuccessfully: true } load)
                {
                    load.Result.Dispose();
                }
            }

            _entries.Clear();
        }

        _memory.Leave(this);
    }
}

/// <summary>A model version could not be loaded; the endpoint keeps serving what it served before.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
