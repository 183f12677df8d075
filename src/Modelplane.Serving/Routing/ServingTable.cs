using System.Collections.Frozen;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Serving.Analysis;
using Modelplane.Serving.Monitoring.Windows;
using Modelplane.Serving.Telemetry;

namespace Modelplane.Serving.Routing;

/// <summary>
/// The data plane's routing table: an immutable snapshot from name to loaded runner, swapped atomically.
/// Requests read the snapshot without locks or database calls; only a name that is not in it yet takes
/// the slow path through the store, and only configuration changes rebuild it.
/// </summary>
public sealed partial class ServingTable(
    IModelStore models,
    IModelAliasStore aliases,
    IEndpointStore endpoints,
    ModelRuntimeCache runtimes,
    IInferenceTelemetry telemetry,
    VersionWindows windows,
    LiveProfiles profiles,
    TimeProvider time)
{
    private readonly Lock _writeLock = new();
    private volatile Snapshot _snapshot = Snapshot.Empty;

    /// <summary>Returns the route for a name already in the snapshot (the hot path).</summary>
    public ServingRoute? TryGet(string name) => _snapshot.Routes.GetValueOrDefault(name);

    /// <summary>Returns the route for an explicit version already in the snapshot (the hot path).</summary>
    public ServingRoute? TryGet(string name, int version) => _snapshot.Versioned.GetValueOrDefault((name, version));

    /// <summary>The versions of <paramref name="endpoint"/>'s split with the requests routed to each since it took effect; null without a split in effect.</summary>
    public IReadOnlyList<RouteArm>? SplitArms(string endpoint) =>
        _snapshot.Routes.GetValueOrDefault(endpoint) is { Endpoint: not null, Split: { } split } ? split.Arms : null;

    /// <summary>Resolves a name the snapshot does not hold: an endpoint first, else the model's latest version.</summary>
    /// <returns>The route, or null when neither an endpoint nor a model has that name.</returns>
    public async Task<ServingRoute?> ResolveAsync(string name, CancellationToken ct)
    {
        if (IsRecentMiss(name))
        {
            return null;
        }

        var generation = _snapshot.Generation;
        if (await endpoints.GetAsync(name, ct).ConfigureAwait(false) is { } endpoint)
        {
            return await ActivateAsync(endpoint, fromRequest: true, ct).ConfigureAwait(false);
        }

        if (await models.GetLatestVersionAsync(name, ct).ConfigureAwait(false) is not { } latest)
        {
            RememberMiss(name, generation);
            return null;
        }

        var runner = await runtimes.GetForRequestAsync(latest, ct).ConfigureAwait(false);
        var route = new ServingRoute(name, null, runner, telemetry.ForRoute(null, latest.Model, latest.Version));
        Update(s => s.Generation == generation && !s.Routes.ContainsKey(name) && runtimes.IsLive(runner) ? s.WithRoute(route) : s);
        return route;
    }

    /// <summary>Resolves <c>{name}/versions/{version}</c>, where name is a model or an endpoint (meaning its model).</summary>
    public async Task<ServingRoute?> ResolveAsync(string name, int version, CancellationToken ct)
    {
        var generation = _snapshot.Generation;
        var endpoint = await endpoints.GetAsync(name, ct).ConfigureAwait(false);
        var model = endpoint?.Model ?? name;
        return await models.GetVersionAsync(model, version, ct).ConfigureAwait(false) is { } found
            ? await AddVersionedRouteAsync(name, endpoint, found, generation, ct).ConfigureAwait(false)
            : null;
    }

    private async Task<ServingRoute> AddVersionedRouteAsync(string name, Endpoint? endpoint, ModelVersion found, long generation, CancellationToken ct)
    {
        var runner = await runtimes.GetForRequestAsync(found, ct).ConfigureAwait(false);
        var route = new ServingRoute(name, endpoint?.Name, runner, telemetry.ForRoute(endpoint?.Name, found.Model, found.Version));

        // Cache only if nothing was removed meanwhile: the version may have been deleted or unloaded after we read it.
        Update(s => s.Generation == generation && runtimes.IsLive(runner) ? s.WithVersionedRoute(route, found.Version) : s);
        return route;
    }

    /// <summary>
    /// Loads the endpoint's target and only then points the endpoint at it, so a version that fails to load
    /// leaves the endpoint serving what it served before. In-flight requests finish on the runner they hold.
    /// </summary>
    /// <remarks>
    /// This is the control path (creating or switching an endpoint, start-up): it loads the target even if it was
    /// unloaded on request. An endpoint first resolved by a request does not reload an unloaded target (503 instead).
    /// </remarks>
    /// <exception cref="ModelLoadException">The target cannot be loaded.</exception>
    /// <exception cref="ModelMemoryBudgetException">Loading the target would exceed the memory budget.</exception>
    public Task<ServingRoute> ActivateAsync(Endpoint endpoint, CancellationToken ct) => ActivateAsync(endpoint, fromRequest: false, ct);

    private async Task<ServingRoute> ActivateAsync(Endpoint endpoint, bool fromRequest, CancellationToken ct)
    {
        if (endpoint.Traffic.Count > 0)
        {
            return await ActivateSplitAsync(endpoint, fromRequest, ct).ConfigureAwait(false);
        }

        var version = await models.GetVersionAsync(endpoint.Model, endpoint.Version, ct).ConfigureAwait(false)
            ?? throw new ModelLoadException($"Endpoint '{endpoint.Name}' targets {endpoint.Model}@{endpoint.Version}, which does not exist.");
        var runner = await LoadAsync(version, fromRequest, ct).ConfigureAwait(false);
        var route = new ServingRoute(endpoint.Name, endpoint.Name, runner, telemetry.ForRoute(endpoint.Name, version.Model, version.Version))
        {
            Profile = profiles.Slot(endpoint.Name, version.Model, version.Version),
        };
        return Publish(await WithPoliciesAsync(route, endpoint, fromRequest, ct).ConfigureAwait(false));
    }

    // Every version of the split is loaded before the split replaces what the endpoint served: a version that cannot
    // load leaves the endpoint as it was.
    private async Task<ServingRoute> ActivateSplitAsync(Endpoint endpoint, bool fromRequest, CancellationToken ct)
    {
        var arms = new List<(RouteArm Arm, int Weight)>(endpoint.Traffic.Count);
        foreach (var weight in endpoint.Traffic)
        {
            var version = await models.GetVersionAsync(weight.Model, weight.Version, ct).ConfigureAwait(false)
                ?? throw new ModelLoadException($"Endpoint '{endpoint.Name}' sends {weight.Weight}% to {weight.Model}@{weight.Version}, which does not exist.");
            var runner = await LoadAsync(version, fromRequest, ct).ConfigureAwait(false);
            // A rollout watches its two versions: their arms record into the windows its analysis compares.
            var window = windows.TryGet(endpoint.Name, version.Model, version.Version, out var watched) ? watched : null;
            arms.Add((new RouteArm(runner, telemetry.ForRoute(endpoint.Name, version.Model, version.Version)) { Window = window, Profile = profiles.Slot(endpoint.Name, version.Model, version.Version) }, weight.Weight));
        }

        var first = arms[0].Arm;
        var route = new ServingRoute(endpoint.Name, endpoint.Name, first.Runner, first.Telemetry) { Split = new TrafficSplit(arms, endpoint.StickyHeader) };
        return Publish(await WithPoliciesAsync(route, endpoint, fromRequest, ct).ConfigureAwait(false));
    }

    // An endpoint's route goes live only when every version it can send a request to is still loaded.
    private ServingRoute Publish(ServingRoute route)
    {
        Update(s => route.Runners.All(runtimes.IsLive) ? s.WithRoute(route).WithoutVersionedRoutes(route.Name) : s.WithoutRoute(route.Name));
        return route;
    }

    private Task<IModelRunner> LoadAsync(ModelVersion version, bool fromRequest, CancellationToken ct) =>
        fromRequest ? runtimes.GetForRequestAsync(version, ct) : runtimes.GetOrLoadAsync(version, ct);

    /// <summary>Loads a version ahead of pointing anything at it; throws when it cannot be served.</summary>
    /// <exception cref="ModelLoadException">The version cannot be loaded.</exception>
    /// <exception cref="ModelMemoryBudgetException">Loading would exceed the memory budget.</exception>
    public Task<IModelRunner> PreloadAsync(ModelVersion version, CancellationToken ct) => runtimes.GetOrLoadAsync(version, ct);

    /// <summary>Loads <paramref name="model"/>@<paramref name="version"/> ahead of pointing anything at it.</summary>
    /// <exception cref="ModelLoadException">The version does not exist or cannot be loaded.</exception>
    /// <exception cref="ModelMemoryBudgetException">Loading would exceed the memory budget.</exception>
    public async Task PreloadAsync(string model, int version, CancellationToken ct)
    {
        var found = await models.GetVersionAsync(model, version, ct).ConfigureAwait(false)
            ?? throw new ModelLoadException($"{model}@{version} does not exist.");
        await runtimes.GetOrLoadAsync(found, ct).ConfigureAwait(false);
    }

    /// <summary>Forgets the direct route of a model after a push, so its name resolves to the new latest version.</summary>
    public void OnVersionPushed(string model) =>
        Update(s => s.Routes.TryGetValue(model, out var r) && r.Endpoint is null ? s.WithoutRoute(model) : s.NextGeneration());

    private void Update(Func<Snapshot, Snapshot> change)
    {
        lock (_writeLock)
        {
            _snapshot = change(_snapshot);
        }

        _misses.Clear();
    }

    private sealed partial record Snapshot(
        long Generation,
        FrozenDictionary<string, ServingRoute> Routes,
        FrozenDictionary<(string Name, int Version), ServingRoute> Versioned,
        FrozenDictionary<(string Name, string Alias), AliasTarget> Aliases)
    {
        public static readonly Snapshot Empty = new(
            0,
            FrozenDictionary<string, ServingRoute>.Empty,
            FrozenDictionary<(string, int), ServingRoute>.Empty,
            FrozenDictionary<(string, string), AliasTarget>.Empty);

        public Snapshot NextGeneration() => this with { Generation = Generation + 1 };

        public Snapshot WithRoute(ServingRoute route)
        {
            var routes = new Dictionary<string, ServingRoute>(Routes, StringComparer.Ordinal) { [route.Name] = route };
            return this with { Generation = Generation + 1, Routes = routes.ToFrozenDictionary(StringComparer.Ordinal) };
        }

        public Snapshot WithoutRoute(string name) => this with
        {
            Generation = Generation + 1,
            Routes = Routes.Where(p => p.Key != name).ToFrozenDictionary(StringComparer.Ordinal),
            Versioned = Versioned.Where(p => p.Key.Name != name).ToFrozenDictionary(),
        };

        public Snapshot WithVersionedRoute(ServingRoute route, int version)
        {
            var versioned = new Dictionary<(string, int), ServingRoute>(Versioned) { [(route.Name, version)] = route };
            return this with { Versioned = versioned.ToFrozenDictionary() };
        }

        public Snapshot WithoutVersionedRoutes(string name) =>
            this with { Versioned = Versioned.Where(p => p.Key.Name != name).ToFrozenDictionary() };

        public Snapshot WithAlias(string name, string alias, AliasTarget target)
        {
            var aliases = new Dictionary<(string, string), AliasTarget>(Aliases) { [(name, alias)] = target };
            return this with { Aliases = aliases.ToFrozenDictionary() };
        }

        public Snapshot WithoutAliasesOf(string model) => this with
        {
            Generation = Generation + 1,
            Aliases = Aliases.Where(p => p.Value.Model != model).ToFrozenDictionary(),
        };
    }
}
