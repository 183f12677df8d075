using System.Net.Http.Headers;
using System.Text;
using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>Gets the workspace's admission policy (<c>GET /api/v1/policy</c>); 404 when it has none.</summary>
    public Task<PolicyDto> GetPolicyAsync(CancellationToken ct = default) => GetAsync("api/v1/policy", Json.PolicyDto, ct);

    /// <summary>
    /// Replaces the workspace's admission policy (<c>PUT /api/v1/policy</c>) with a YAML or JSON document; the server
    /// answers 400 naming the line and field when it is invalid.
    /// </summary>
    public Task<PolicyDto> SetPolicyAsync(string document, bool isJson = false, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "api/v1/policy")
        {
            Content = new StringContent(document, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(isJson ? "application/json" : "application/yaml") { CharSet = "utf-8" };
        return SendDisposingAsync(request, Json.PolicyDto, ct);
    }

    /// <summary>Removes the workspace's admission policy (<c>DELETE /api/v1/policy</c>); 404 when it has none.</summary>
    public Task ClearPolicyAsync(CancellationToken ct = default) => SendWithoutResultAsync(HttpMethod.Delete, "api/v1/policy", null, ct);

    /// <summary>Evaluates the policy for a version and action without changing anything (<c>POST .../versions/{v}/policy-check</c>).</summary>
    /// <param name="name">The model.</param>
    /// <param name="versionOrAlias">The version number or alias.</param>
    /// <param name="action"><c>deploy</c>, <c>promote</c> or <c>alias</c>.</param>
    /// <param name="ct">Cancels the call.</param>
    public Task<PolicyCheckDto> CheckPolicyAsync(string name, string versionOrAlias, string action, CancellationToken ct = default)
        => SendDisposingAsync(
            new HttpRequestMessage(HttpMethod.Post, $"{VersionPath(name, versionOrAlias)}/policy-check?action={Uri.EscapeDataString(action)}"),
            Json.PolicyCheckDto,
            ct);

    /// <summary>Approves a version as the calling principal (<c>POST .../versions/{v}/approval</c>).</summary>
    public Task<ModelVersionDto> ApproveVersionAsync(string name, string versionOrAlias, string? comment, CancellationToken ct = default)
        => SetApprovalAsync(name, versionOrAlias, new ApprovalRequest("approved", null, comment), ct);

    /// <summary>Rejects a version as the calling principal; a comment saying why is required.</summary>
    public Task<ModelVersionDto> RejectVersionAsync(string name, string versionOrAlias, string comment, CancellationToken ct = default)
        => SetApprovalAsync(name, versionOrAlias, new ApprovalRequest("rejected", null, comment), ct);

    private async Task<T> SendDisposingAsync<T>(HttpRequestMessage request, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct)
    {
        using (request)
        {
            return await SendAsync(request, type, ct).ConfigureAwait(false);
        }
    }
}
