using System.Text;
using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>Gets a version by number (<c>"3"</c>) or alias (<c>"champion"</c>) (<c>GET /api/v1/models/{name}/versions/{versionOrAlias}</c>).</summary>
    public Task<ModelVersionDto> GetVersionAsync(string name, string versionOrAlias, CancellationToken ct = default)
        => GetAsync(VersionPath(name, versionOrAlias), Json.ModelVersionDto, ct);

    /// <summary>Points an alias at a version, creating or moving it (<c>PUT /api/v1/models/{name}/aliases/{alias}</c>).</summary>
    public Task<AliasDto> SetAliasAsync(string name, string alias, int version, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Put, $"api/v1/models/{Segment(name)}/aliases/{Segment(alias)}", new SetAliasRequest(version), Json.SetAliasRequest, Json.AliasDto, ct);

    /// <summary>Removes an alias (<c>DELETE /api/v1/models/{name}/aliases/{alias}</c>); the server answers 404 when it does not exist.</summary>
    public Task DeleteAliasAsync(string name, string alias, CancellationToken ct = default)
        => SendWithoutResultAsync(HttpMethod.Delete, $"api/v1/models/{Segment(name)}/aliases/{Segment(alias)}", null, ct);

    /// <summary>Lists a model's aliases ordered by name (<c>GET /api/v1/models/{name}/aliases</c>).</summary>
    public Task<IReadOnlyList<AliasDto>> ListAliasesAsync(string name, CancellationToken ct = default)
        => GetAsync($"api/v1/models/{Segment(name)}/aliases", Json.IReadOnlyListAliasDto, ct);

    /// <summary>Sets one tag of a version (<c>PUT .../versions/{v}/tags/{key}</c>) and returns the updated version.</summary>
    public Task<ModelVersionDto> SetTagAsync(string name, string versionOrAlias, string key, string value, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Put, $"{VersionPath(name, versionOrAlias)}/tags/{Segment(key)}", new SetTagRequest(value), Json.SetTagRequest, Json.ModelVersionDto, ct);

    /// <summary>Deletes one tag of a version (<c>DELETE .../versions/{v}/tags/{key}</c>).</summary>
    public Task DeleteTagAsync(string name, string versionOrAlias, string key, CancellationToken ct = default)
        => SendWithoutResultAsync(HttpMethod.Delete, $"{VersionPath(name, versionOrAlias)}/tags/{Segment(key)}", null, ct);

    /// <summary>Records a review decision (<c>POST .../versions/{v}/approval</c>) and returns the updated version.</summary>
    public Task<ModelVersionDto> SetApprovalAsync(string name, string versionOrAlias, ApprovalRequest approval, CancellationToken ct = default)
        => SendJsonAsync(HttpMethod.Post, $"{VersionPath(name, versionOrAlias)}/approval", approval, Json.ApprovalRequest, Json.ModelVersionDto, ct);

    /// <summary>Stores a version's model card (<c>PUT .../versions/{v}/card</c>, <c>text/markdown</c>).</summary>
    public Task SetCardAsync(string name, string versionOrAlias, string markdown, CancellationToken ct = default)
        => SendWithoutResultAsync(HttpMethod.Put, $"{VersionPath(name, versionOrAlias)}/card", new StringContent(markdown, Encoding.UTF8, "text/markdown"), ct);

    /// <summary>Gets a version's model card as Markdown (<c>GET .../versions/{v}/card</c>); 404 when none is stored.</summary>
    public async Task<string> GetCardAsync(string name, string versionOrAlias, CancellationToken ct = default)
    {
        using var response = await _http.GetAsync($"{VersionPath(name, versionOrAlias)}/card", ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, ct).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Gets a version's provenance graph (<c>GET .../versions/{v}/lineage</c>).</summary>
    public Task<LineageGraphDto> GetLineageAsync(string name, string versionOrAlias, CancellationToken ct = default)
        => GetAsync($"{VersionPath(name, versionOrAlias)}/lineage", Json.LineageGraphDto, ct);

    private static string VersionPath(string name, string versionOrAlias) => $"api/v1/models/{Segment(name)}/versions/{Segment(versionOrAlias)}";

    private async Task SendWithoutResultAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        await EnsureSuccessAsync(response, ct).ConfigureAwait(false);
    }
}
