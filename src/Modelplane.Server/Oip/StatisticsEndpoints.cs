using System.Globalization;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Registry.Endpoints;
using Modelplane.Registry.Models;
using Modelplane.Server.Hosting;
using Modelplane.Serving;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Oip;

/// <summary>
/// Triton's statistics extension: cumulative counts and times of each loaded version. A name may be an endpoint
/// (meaning its model); only loaded versions have statistics, and they start again when a version is reloaded.
/// </summary>
internal static class StatisticsEndpoints
{
    public static RouteGroupBuilder MapStatistics(this RouteGroupBuilder v2)
    {
        v2.MapGet("/models/stats", (ModelRuntimeCache cache) => TypedResults.Ok(Response(cache.Loaded())))
            .WithName("OipAllStatistics").RequireAccess(Permissions.Read);
        v2.MapGet("/models/{name}/stats", ModelStatistics).WithName("OipModelStatistics").RequireAccess(Permissions.Read);
        v2.MapGet("/models/{name}/versions/{version}/stats", ModelStatistics).WithName("OipModelVersionStatistics").RequireAccess(Permissions.Read);
        return v2;
    }

    private static async Task<IResult> ModelStatistics(
        string name, string? version, ModelRuntimeCache cache, IEndpointStore endpoints, IModelStore models, IModelAliasStore aliases, CancellationToken ct)
    {
        var model = (await endpoints.GetAsync(name, ct).ConfigureAwait(false))?.Model ?? name;
        if (await models.GetLatestVersionAsync(model, ct).ConfigureAwait(false) is null)
        {
            return ErrorResults.Error(StatusCodes.Status404NotFound, $"Model '{name}' not found: no endpoint or model has that name.");
        }

        var loaded = cache.Loaded(model);
        if (version is not null)
        {
            var found = VersionMetadataRules.ParseVersionNumber(version) is not null || VersionMetadataRules.IsValidAlias(version)
                ? await aliases.ResolveAsync(model, version, ct).ConfigureAwait(false)
                : null;
            if (found is null)
            {
                return ErrorResults.Error(StatusCodes.Status404NotFound, $"Model '{model}' has no version '{version}'.");
            }
            loaded = [.. loaded.Where(r => r.Version.Version == found.Version)];
        }
        return TypedResults.Ok(Response(loaded));
    }

    private static OipModelStatisticsResponse Response(IEnumerable<IModelRunner> runners) =>
        new([.. runners.Select(r => ToDto(r.Version, r.Statistics))]);

    private static OipModelStatistics ToDto(ModelVersion version, InferenceStatistics s) => new(
        version.Model,
        version.Version.ToString(CultureInfo.InvariantCulture),
        s.LastInferenceUnixMs,
        s.InferenceCount,
        s.ExecutionCount,
        new OipInferenceStatistics(
            new(s.SuccessCount, s.SuccessNs),
            new(s.FailureCount, s.FailureNs),
            new(s.QueueCount, s.QueueNs),
            new(s.SuccessCount, s.ComputeInputNs),
            new(s.SuccessCount, s.ComputeInferNs),
            new(s.SuccessCount, s.ComputeOutputNs)),
        [.. s.Batches.Select(b => new OipBatchStatistics(
            b.BatchSize,
            new(b.Count, b.ComputeNs.InputNs),
            new(b.Count, b.ComputeNs.InferNs),
            new(b.Count, b.ComputeNs.OutputNs)))]);
}
