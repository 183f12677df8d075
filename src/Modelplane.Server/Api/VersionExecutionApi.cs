using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Registry.Models;
using Modelplane.Server.Hosting;
using Modelplane.Serving;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Routing;

namespace Modelplane.Server.Api;

/// <summary>
/// How a version runs when served, under <c>/api/v1/models/{name}/versions/{version}/execution</c>: concurrency, queue,
/// ONNX Runtime threads and dynamic batching. A change to a loaded version loads it again and switches its routes.
/// </summary>
internal static class VersionExecutionApi
{
    public static RouteGroupBuilder MapVersionExecutionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models/{name}/versions/{version}").WithTags("Models");
        group.MapGet("/execution", GetExecution).WithName("GetModelVersionExecution")
            .Produces<VersionExecutionDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        group.MapPut("/execution", SetExecution).WithName("SetModelVersionExecution")
            .Produces<VersionExecutionDto>()
            .Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .Produces<ErrorDto>(StatusCodes.Status503ServiceUnavailable).RequireAccess(Permissions.Deploy);
        return group;
    }

    internal static async Task<IResult> GetExecution(
        string name, string version, IModelAliasStore aliases, IVersionExecutionStore executions, ModelRunnerFactory factory, CancellationToken ct)
    {
        var (found, notFound) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        if (found is null)
        {
            return notFound!;
        }

        var stored = await executions.GetAsync(found.Model, found.Version, ct).ConfigureAwait(false) ?? VersionExecution.Default;
        return TypedResults.Ok(ToDto(found, stored, factory.Defaults));
    }

    internal static async Task<IResult> SetExecution(
        string name,
        string version,
        bool? force,
        HttpRequest request,
        IModelAliasStore aliases,
        IVersionExecutionStore executions,
        ModelRunnerFactory factory,
        ServingTable table,
        CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(request, ModelplaneJson.Context.ExecutionSettingsDto, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        var (found, notFound) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        if (found is null)
        {
            return notFound!;
        }

        var proposed = FromDto(body);
        var errors = ExecutionRules.Validate(found, proposed, factory.Defaults, force == true, Environment.ProcessorCount);
        if (errors.Count > 0)
        {
            return ErrorResults.Error(
                StatusCodes.Status400BadRequest, $"Execution settings for {found.Model}@{found.Version} are not valid: {string.Join(" ", errors)}");
        }

        await executions.SetAsync(found.Model, found.Version, proposed, ct).ConfigureAwait(false);
        try
        {
            // Not the request's token: once stored, the settings must reach the running version even if the client leaves.
            await table.OnExecutionChangedAsync(found, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ModelLoadException ex)
        {
            return ErrorResults.Error(
                StatusCodes.Status503ServiceUnavailable,
                $"The settings are stored, but {found.Model}@{found.Version} could not be loaded with them, so it keeps running with the previous ones: {ex.Message}");
        }

        return TypedResults.Ok(ToDto(found, proposed, factory.Defaults));
    }

    private static VersionExecution FromDto(ExecutionSettingsDto dto) => new(
        dto.MaxConcurrency,
        dto.MaxQueue,
        dto.IntraOpThreads,
        dto.InterOpThreads,
        dto.Batching is { } b ? new VersionBatching(b.MaxBatchSize, b.MaxQueueDelayUs, b.PreferredBatchSizes ?? []) : null);

    private static VersionExecutionDto ToDto(ModelVersion version, VersionExecution stored, ExecutionSettings defaults)
    {
        var effective = ExecutionRules.Resolve(stored, defaults);
        return new VersionExecutionDto(
            version.Model,
            version.Version,
            new ExecutionSettingsDto(
                stored.MaxConcurrency,
                stored.MaxQueue,
                stored.IntraOpThreads,
                stored.InterOpThreads,
                stored.Batching is { } b ? new BatchingSettingsDto(b.MaxBatchSize, b.MaxQueueDelayMicroseconds, [.. b.PreferredBatchSizes.Order()]) : null),
            new ExecutionSettingsDto(
                effective.MaxConcurrency,
                effective.MaxQueue,
                effective.IntraOpThreads,
                effective.InterOpThreads,
                effective.Batching is { } e
                    ? new BatchingSettingsDto(e.MaxBatchSize, (long)e.MaxQueueDelay.TotalMicroseconds, [.. e.PreferredBatchSizes])
                    : null));
    }
}
