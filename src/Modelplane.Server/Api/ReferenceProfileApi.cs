using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Audit;
using Modelplane.Registry;
using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;
using Modelplane.Server.Hosting;
using Modelplane.Server.Monitoring;
using Modelplane.Server.Monitoring.Profiles;
using Modelplane.Serving;
using Modelplane.Serving.Monitoring;
using Modelplane.Serving.Monitoring.Profiles;

namespace Modelplane.Server.Api;

/// <summary>
/// <c>PUT|GET /api/v1/models/{name}/versions/{version}/profile</c>: a version's reference profile, computed from training
/// data uploaded as the raw body (CSV with a header row, or Parquet) and stored with the version.
/// </summary>
internal static class ReferenceProfileApi
{
    public static RouteGroupBuilder MapReferenceProfileApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models/{name}/versions/{version}").WithTags("Models");

        // No Accepts<>: a wrong Content-Type must get a 400 that says why, not a routing miss.
        group.MapPut("/profile", Put).WithName("SetModelVersionProfile")
            .Produces<ReferenceProfileDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Push);
        group.MapGet("/profile", Get).WithName("GetModelVersionProfile")
            .Produces<ReferenceProfileDto>().Produces<ErrorDto>(StatusCodes.Status404NotFound).RequireAccess(Permissions.Read);
        return group;
    }

    /// <summary>Profiles the body for the version (<c>?format=csv|parquet</c>, <c>?label=COLUMN</c>), replacing any earlier profile.</summary>
    internal static async Task<IResult> Put(
        string name, string version, HttpContext context, IModelAliasStore aliases, ReferenceProfiles profiles, MonitoringReconciler monitoring,
        IOptions<RegistryOptions> options, CancellationToken ct)
    {
        var request = context.Request;
        var format = ProfileTableReader.FormatOf(request.Query["format"], request.ContentType);
        if (format is null)
        {
            return ErrorResults.Error(
                StatusCodes.Status400BadRequest,
                "Say the data's format: ?format=csv or ?format=parquet, or Content-Type text/csv or application/vnd.apache.parquet.");
        }

        if (format is not (ProfileTableReader.Csv or ProfileTableReader.Parquet))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"format '{format}' is not supported: use csv or parquet.");
        }

        var label = request.Query["label"].ToString() is { Length: > 0 } given ? given : null;
        var (found, notFound) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        if (found is null)
        {
            return notFound!;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            // Training samples are often larger than Kestrel's 30 MB default; only 100,000 rows of them are kept.
            sizeLimit.MaxRequestBodySize = options.Value.MaxUploadBytes;
        }

        ReferenceProfile profile;
        try
        {
            profile = await profiles.CreateAsync(found, request.Body, format, label, ct).ConfigureAwait(false);
        }
        catch (ProfileDataException ex)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, ex.Message);
        }
        catch (InferenceRequestException ex)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"{found.Model}@{found.Version} cannot run on this data: {ex.Message}");
        }

        // Endpoints serving the version start counting its traffic against the new reference now, not at the next tick.
        await monitoring.ReconcileAsync(ct).ConfigureAwait(false);
        context.SetAuditSummary(after: string.Create(
            CultureInfo.InvariantCulture, $"profiled {found.Model}@{found.Version} on {profile.Profile.Rows} rows of {profile.DataFormat} {profile.DataDigest}"));
        return TypedResults.Ok(profile.ToDto());
    }

    /// <summary>The version's reference profile, or a 404 that says how to create one.</summary>
    internal static async Task<IResult> Get(string name, string version, IModelAliasStore aliases, IReferenceProfileStore store, CancellationToken ct)
    {
        var (found, notFound) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        if (found is null)
        {
            return notFound!;
        }

        var reference = $"{found.Model}@{found.Version.ToString(CultureInfo.InvariantCulture)}";
        return await store.GetAsync(found.Model, found.Version, ct).ConfigureAwait(false) is { } profile
            ? TypedResults.Ok(profile.ToDto())
            : ErrorResults.Error(
                StatusCodes.Status404NotFound,
                $"{reference} has no reference profile yet. Create one from its training data: modelplane models profile {reference} --data train.csv "
                + "[--label COLUMN] (or PUT the file to this URL with ?format=csv|parquet).");
    }
}
