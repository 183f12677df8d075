using Grpc.Core;
using Modelplane.Registry.Models;
using Modelplane.Serving;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Grpc;

/// <summary>Finds the runner for a gRPC call's model name and optional version, as the OIP REST routes do.</summary>
internal static class GrpcRoutes
{
    /// <summary>The route for <paramref name="name"/> and <paramref name="version"/> (a number, an alias, or empty for the
    /// version the name serves), or null when there is none. The snapshot is tried first; a miss loads the version.</summary>
    /// <exception cref="InferenceRequestException">The version is neither a positive integer nor a valid alias.</exception>
    /// <exception cref="ModelLoadException">The version exists but cannot be loaded.</exception>
    public static ValueTask<ServingRoute?> ResolveAsync(ServingTable table, string name, string version, CancellationToken ct)
    {
        if (version.Length == 0)
        {
            return table.TryGet(name) is { } route
                ? ValueTask.FromResult<ServingRoute?>(route)
                : new ValueTask<ServingRoute?>(table.ResolveAsync(name, ct));
        }

        if (VersionMetadataRules.ParseVersionNumber(version) is { } number)
        {
            return table.TryGet(name, number) is { } versioned
                ? ValueTask.FromResult<ServingRoute?>(versioned)
                : new ValueTask<ServingRoute?>(table.ResolveAsync(name, number, ct));
        }

        if (!VersionMetadataRules.IsValidAlias(version))
        {
            throw new InferenceRequestException($"Field 'model_version' is '{version}', which is neither a positive integer nor a valid alias.");
        }
        return table.TryGetAlias(name, version) is { } aliased
            ? ValueTask.FromResult<ServingRoute?>(aliased)
            : new ValueTask<ServingRoute?>(table.ResolveAliasAsync(name, version, ct));
    }

    /// <summary>The NOT_FOUND answer for a name (and version) nothing serves, worded as the REST routes word it.</summary>
    public static RpcException NotFound(string name, string version) => new(new Status(
        StatusCode.NotFound,
        version.Length == 0
            ? $"Model '{name}' not found: no endpoint or model has that name."
            : VersionMetadataRules.ParseVersionNumber(version) is null
                ? $"Model '{name}' has no alias '{version}'."
                : $"Model '{name}' has no version {version}."));
}
