using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Secrets;
using Modelplane.Governance.Signing;
using Modelplane.Server.Hosting;

namespace Modelplane.Server.Api.Governance;

/// <summary>
/// Ed25519 public keys of the caller's workspace under <c>/api/v1/keys</c>. The private halves stay with the clients
/// (<c>modelplane keys create</c> generates the pair locally and registers only the public key).
/// </summary>
internal static class SigningKeysApi
{
    public static RouteGroupBuilder MapSigningKeysApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/keys").WithTags("Signing keys");
        group.MapGet("", ListKeys).WithName("ListSigningKeys")
            .Produces<SigningKeyDto[]>()
            .RequireAccess(Permissions.Read);
        group.MapPost("", CreateKey).WithName("CreateSigningKey")
            .Produces<SigningKeyDto>(StatusCodes.Status201Created).Produces<ErrorDto>(StatusCodes.Status400BadRequest).Produces<ErrorDto>(StatusCodes.Status409Conflict)
            .RequireAccess(Permissions.Administer);
        group.MapDelete("/{name}", RevokeKey).WithName("RevokeSigningKey")
            .Produces(StatusCodes.Status204NoContent).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Administer);
        return group;
    }

    internal static async Task<IResult> ListKeys(HttpContext context, SigningKeyStore keys, CancellationToken ct) =>
        TypedResults.Ok((await keys.ListAsync(context.Workspace(), ct).ConfigureAwait(false)).Select(ToDto).ToArray());

    internal static async Task<IResult> CreateKey(HttpContext context, SigningKeyStore keys, CancellationToken ct)
    {
        var (body, error) = await ApiRequests.ReadJsonAsync(context.Request, ModelplaneJson.Context.CreateSigningKeyRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (SecretName.Problem(body.Name, "Key") is { } nameProblem)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, nameProblem);
        }

        if (SignatureEncoding.DecodePublicKey(body.PublicKey) is not { } publicKey)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "'public_key' must be the base64 of a 32-byte Ed25519 public key.");
        }

        try
        {
            var key = await keys.AddAsync(context.Workspace(), body.Name!, publicKey, context.ActorName(), ct).ConfigureAwait(false);
            return TypedResults.Created($"/api/v1/keys/{Uri.EscapeDataString(key.Name)}", ToDto(key));
        }
        catch (SigningKeyExistsException ex)
        {
            return ErrorResults.Error(StatusCodes.Status409Conflict, ex.Message);
        }
    }

    internal static async Task<IResult> RevokeKey(string name, HttpContext context, SigningKeyStore keys, CancellationToken ct)
    {
        var workspace = context.Workspace();
        return await keys.RevokeAsync(workspace, name, context.ActorName(), ct).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : ErrorResults.Error(StatusCodes.Status404NotFound, $"Workspace '{workspace}' has no signing key '{name}' that is not already revoked.");
    }

    private static SigningKeyDto ToDto(SigningKey k) => new(k.Name, k.Fingerprint, k.CreatedAt, k.CreatedBy, k.Revoked, k.RevokedAt);
}
