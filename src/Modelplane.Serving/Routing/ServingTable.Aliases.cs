using Modelplane.Registry.Models;

namespace Modelplane.Serving.Routing;

// Aliases move, versions do not: the snapshot caches alias -> version number only, and routes by version.
// Moving or deleting an alias drops the model's alias entries (OnAliasChanged), so the next request asks the
// store once and every later one is a snapshot read again.
public sealed partial class ServingTable
{
    /// <summary>Returns the route for <c>{name}/versions/{alias}</c> when the alias and its version are both in the snapshot (the hot path).</summary>
    public ServingRoute? TryGetAlias(string name, string alias) =>
        _snapshot.Aliases.TryGetValue((name, alias), out var target) ? TryGet(name, target.Version) : null;

    /// <summary>Resolves an alias of a model (or of an endpoint's model) through the store, and caches where it points.</summary>
    /// <returns>The route, or null when the model or alias does not exist.</returns>
    public async Task<ServingRoute?> ResolveAliasAsync(string name, string alias, CancellationToken ct)
    {
        var generation = _snapshot.Generation;
        var endpoint = await endpoints.GetAsync(name, ct).ConfigureAwait(false);
        var model = endpoint?.Model ?? name;
        if (await aliases.ResolveAsync(model, alias, ct).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        var route = await AddVersionedRouteAsync(name, endpoint, found, generation, ct).ConfigureAwait(false);

        // Cache only if no alias changed while we read the store; otherwise the entry could outlive the move.
        Update(s => s.Generation == generation ? s.WithAlias(name, alias, new AliasTarget(found.Model, found.Version)) : s);
        return route;
    }

    /// <summary>Forgets every cached alias of <paramref name="model"/>; call after an alias is set or deleted.</summary>
    public void OnAliasChanged(string model) => Update(s => s.WithoutAliasesOf(model));

    private readonly record struct AliasTarget(string Model, int Version);
}
