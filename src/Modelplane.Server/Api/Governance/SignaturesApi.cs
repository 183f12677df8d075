using System.Globalization;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Secrets;
using Modelplane.Governance.Signing;
using Modelplane.Registry.Models;
using Modelplane.Server.Hosting;

namespace Modelplane.Server.Api.Governance;

/// <summary><c>POST /api/v1/models/{name}/versions/{version}/signatures</c>: sign a version after its push.</summary>
internal static class SignaturesApi
{
    public static IEndpointRouteBuilder MapVersionSignaturesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/models/{name}/versions/{version}/signatures", AddSignature).WithName("AddModelVersionSignature").WithTags("Signing keys")
            .Produces<ModelVersionDto>().Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Push);
        return app;
    }

    /// <summary>Verifies the signature over the version's digest with the named registered key, then stores it.</summary>
    internal static async Task<IResult> AddSignature(
        string name, string version, HttpContext context, IModelAliasStore aliases, ArtifactSignatureVerifier verifier,
        IVersionSignatureStore signatures, IModelStore models, CancellationToken ct)
    {
        var (found, notFound) = await ApiRequests.FindVersionAsync(name, version, aliases, ct).ConfigureAwait(false);
        if (found is null)
        {
            return notFound!;
        }

        var (body, error) = await ApiRequests.ReadJsonAsync(context.Request, ModelplaneJson.Context.AddSignatureRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (SecretName.Problem(body.Key, "Key") is { } problem)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, problem);
        }

        if (SignatureEncoding.DecodeSignature(body.Signature) is not { } bytes)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "'signature' must be the base64 of a 64-byte Ed25519 signature.");
        }

        var (signature, rejected) = await PushSignature.VerifyAsync(new PushSignature(body.Key!, bytes, found.Digest), context, verifier, ct).ConfigureAwait(false);
        if (signature is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, rejected!);
        }

        await signatures.AddAsync(found.Model, found.Version, signature, ct).ConfigureAwait(false);
        var stored = await models.GetVersionAsync(found.Model, found.Version, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Version {found.Version.ToString(CultureInfo.InvariantCulture)} of '{found.Model}' vanished while it was signed.");
        return TypedResults.Ok(stored.ToDto());
    }
}
