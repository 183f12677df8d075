using System.Text;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Secrets;
using Modelplane.Server.Hosting;

namespace Modelplane.Server.Api.Governance;

/// <summary>
/// Secrets of the caller's workspace under <c>/api/v1/secrets</c>. Values go in and never come out: every answer
/// shows <c>***</c>; only configuration that says <c>secret:NAME</c> reads them, inside the server.
/// </summary>
internal static class SecretsApi
{
    public static RouteGroupBuilder MapSecretsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/secrets").WithTags("Secrets");
        group.MapGet("", ListSecrets).WithName("ListSecrets")
            .Produces<SecretDto[]>()
            .RequireAccess(Permissions.Administer);
        group.MapPut("/{name}", SetSecret).WithName("SetSecret")
            .Produces<SecretDto>().Produces<SecretDto>(StatusCodes.Status201Created).Produces<ErrorDto>(StatusCodes.Status400BadRequest)
            .RequireAccess(Permissions.Administer);
        group.MapDelete("/{name}", DeleteSecret).WithName("DeleteSecret")
            .Produces(StatusCodes.Status204NoContent).Produces<ErrorDto>(StatusCodes.Status404NotFound)
            .RequireAccess(Permissions.Administer);
        return group;
    }

    internal static async Task<IResult> ListSecrets(HttpContext context, SecretStore secrets, CancellationToken ct) =>
        TypedResults.Ok((await secrets.ListAsync(context.Workspace(), ct).ConfigureAwait(false)).Select(ToDto).ToArray());

    /// <summary>Creates (201) or rotates (200) a secret.</summary>
    internal static async Task<IResult> SetSecret(string name, HttpContext context, SecretStore secrets, CancellationToken ct)
    {
        if (SecretName.Problem(name) is { } nameProblem)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, nameProblem);
        }

        var (body, error) = await ApiRequests.ReadJsonAsync(context.Request, ModelplaneJson.Context.SetSecretRequest, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, error!);
        }

        if (string.IsNullOrEmpty(body.Value))
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, "A non-empty 'value' is required.");
        }

        var size = Encoding.UTF8.GetByteCount(body.Value);
        if (size > SecretStore.MaxValueBytes)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, $"The value is {size} bytes; the limit is {SecretStore.MaxValueBytes} bytes (64 KiB).");
        }

        var (secret, created) = await secrets.SetAsync(context.Workspace(), name, body.Value, ct).ConfigureAwait(false);
        return created
            ? TypedResults.Created($"/api/v1/secrets/{Uri.EscapeDataString(name)}", ToDto(secret))
            : TypedResults.Ok(ToDto(secret));
    }

    internal static async Task<IResult> DeleteSecret(string name, HttpContext context, SecretStore secrets, CancellationToken ct)
    {
        if (SecretName.Problem(name) is { } nameProblem)
        {
            return ErrorResults.Error(StatusCodes.Status400BadRequest, nameProblem);
        }

        var workspace = context.Workspace();
        return await secrets.DeleteAsync(workspace, name, ct).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : ErrorResults.Error(StatusCodes.Status404NotFound, $"Secret '{name}' does not exist in workspace '{workspace}'.");
    }

    private static SecretDto ToDto(SecretInfo s) => new(s.Name, s.Version, SecretDto.Masked, s.CreatedAt, s.UpdatedAt);
}
