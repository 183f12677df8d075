using System.Globalization;
using Modelplane.Client.Contracts;

namespace Modelplane.Client;

public sealed partial class ModelplaneClient
{
    /// <summary>
    /// Soft-deletes one version by number or alias (<c>DELETE /api/v1/models/{name}/versions/{v}</c>). The server answers
    /// 409 while an endpoint serves it, or while aliases name it unless <paramref name="removeAliases"/> is true.
    /// </summary>
    public Task<DeletedVersionDto> DeleteVersionAsync(
        string name, string versionOrAlias, string? reason = null, string? deletedBy = null, bool removeAliases = false, CancellationToken ct = default)
        => SendAsync(HttpMethod.Delete, $"{VersionPath(name, versionOrAlias)}{DeleteQuery(reason, deletedBy, removeAliases)}", Json.DeletedVersionDto, ct);

    /// <summary>Soft-deletes a model with all its versions (<c>DELETE /api/v1/models/{name}</c>); 409 while an endpoint serves one.</summary>
    public Task<DeletedModelDto> DeleteModelAsync(string name, string? reason = null, string? deletedBy = null, CancellationToken ct = default)
        => SendAsync(HttpMethod.Delete, $"api/v1/models/{Segment(name)}{DeleteQuery(reason, deletedBy)}", Json.DeletedModelDto, ct);

    /// <summary>Restores a deleted version (<c>POST .../versions/{v}/restore</c>).</summary>
    public Task<ModelVersionDto> RestoreVersionAsync(string name, int version, CancellationToken ct = default)
        => SendAsync(HttpMethod.Post, $"{VersionPath(name, Number(version))}/restore", Json.ModelVersionDto, ct);

    /// <summary>Restores a deleted model with the versions its delete took (<c>POST /api/v1/models/{name}/restore</c>).</summary>
    public Task<IReadOnlyList<ModelVersionDto>> RestoreModelAsync(string name, CancellationToken ct = default)
        => SendAsync(HttpMethod.Post, $"api/v1/models/{Segment(name)}/restore", Json.IReadOnlyListModelVersionDto, ct);

    /// <summary>Purges one deleted version for good (<c>POST .../versions/{v}/purge</c>); 409 when it is not deleted.</summary>
    public Task<PurgeResultDto> PurgeVersionAsync(string name, int version, CancellationToken ct = default)
        => SendAsync(HttpMethod.Post, $"{VersionPath(name, Number(version))}/purge", Json.PurgeResultDto, ct);

    /// <summary>Purges a model's deleted versions, and the model itself when it is deleted (<c>POST /api/v1/models/{name}/purge</c>).</summary>
    public Task<PurgeResultDto> PurgeModelAsync(string name, CancellationToken ct = default)
        => SendAsync(HttpMethod.Post, $"api/v1/models/{Segment(name)}/purge", Json.PurgeResultDto, ct);

    /// <summary>Purges everything deleted in the registry (<c>POST /api/v1/deleted/purge</c>).</summary>
    public Task<PurgeResultDto> PurgeAllDeletedAsync(CancellationToken ct = default)
        => SendAsync(HttpMethod.Post, "api/v1/deleted/purge", Json.PurgeResultDto, ct);

    /// <summary>Lists deleted models and versions, of one model or all (<c>GET /api/v1/deleted[?model=]</c>).</summary>
    public Task<DeletedItemsDto> ListDeletedAsync(string? model = null, CancellationToken ct = default)
        => GetAsync(model is null ? "api/v1/deleted" : $"api/v1/deleted?model={Uri.EscapeDataString(model)}", Json.DeletedItemsDto, ct);

    private static string Number(int version) => version.ToString(CultureInfo.InvariantCulture);

    private static string DeleteQuery(string? reason, string? deletedBy, bool removeAliases = false)
    {
        var parts = new List<string>(3);
        if (reason is not null)
        {
            parts.Add("reason=" + Uri.EscapeDataString(reason));
        }

        if (deletedBy is not null)
        {
            parts.Add("deleted_by=" + Uri.EscapeDataString(deletedBy));
        }

        if (removeAliases)
        {
            parts.Add("remove_aliases=true");
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        return await SendAsync(request, type, ct).ConfigureAwait(false);
    }
}
